import { ApiProperty } from '@nestjs/swagger';
import { SharedMoment } from '@backtrack/store';

class SharedSessionDto {
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ nullable: true, type: String }) user!: string | null;
  @ApiProperty({ nullable: true, type: String }) host!: string | null;
  @ApiProperty({ nullable: true, type: String }) repo!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'null while it runs.',
  })
  endedAt!: string | null;
  @ApiProperty({ description: 'From the first to the last event stored so far.' })
  durationMs!: number;
  @ApiProperty({ nullable: true, type: Number }) cols!: number | null;
  @ApiProperty({ nullable: true, type: Number }) rows!: number | null;
}

export class SharedMomentDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty({ description: 'The event the link opens at.' }) seq!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) at!: string | null;
  @ApiProperty({ description: "Milliseconds from the session's first event to this one." })
  offsetMs!: number;
  @ApiProperty() label!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ type: SharedSessionDto }) session!: SharedSessionDto;
}

export function sharedMomentJson(shared: SharedMoment): SharedMomentDto {
  const { link, session, firstAt, momentAt, lastAt } = shared;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    sessionId: link.sessionId,
    seq: link.seq,
    at: iso(momentAt),
    offsetMs: Math.max(0, (momentAt ?? 0) - (firstAt ?? momentAt ?? 0)),
    label: link.label,
    expiresAt: link.expiresAt?.toISOString() ?? null,
    session: {
      title: session.title,
      user: session.user,
      host: session.host,
      repo: session.repo,
      startedAt: iso(firstAt),
      endedAt: session.endedAt?.toISOString() ?? null,
      durationMs: Math.max(0, (lastAt ?? 0) - (firstAt ?? lastAt ?? 0)),
      cols: session.cols,
      rows: session.rows,
    },
  };
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SessionsQueryDto {
  @ApiPropertyOptional({ description: 'Only this user (of your team).' }) user?: string;
  @ApiPropertyOptional() repo?: string;
  @ApiPropertyOptional({ description: 'Sessions that were on this branch at some point.' })
  branch?: string;
  @ApiPropertyOptional({
    description: 'Sessions still running at or after this instant (ISO-8601 with a zone).',
  })
  since?: string;
  @ApiPropertyOptional({
    description: 'Sessions started before this instant (ISO-8601 with a zone).',
  })
  until?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 }) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' }) cursor?: string;
}

export class SessionDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty() user!: string;
  @ApiProperty() host!: string;
  @ApiProperty({ example: 'terminal' }) source!: string;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ nullable: true, type: String }) repo!: string | null;
  @ApiProperty({ type: [String] }) branches!: string[];
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'null while the session runs.',
  })
  endedAt!: string | null;
  @ApiProperty({ format: 'date-time', description: 'Time of the last event seen.' })
  lastAt!: string;
  @ApiProperty({ nullable: true, type: Number }) durationMs!: number | null;
  @ApiProperty({ description: 'Terminal output bytes recorded.' }) bytes!: number;
  @ApiProperty() commandCount!: number;
  @ApiProperty({ nullable: true, type: Number }) exitCode!: number | null;
  @ApiProperty({ nullable: true, type: Number }) cols!: number | null;
  @ApiProperty({ nullable: true, type: Number }) rows!: number | null;
  @ApiProperty({ description: 'Highest seq projected so far.' }) lastSeq!: number;
}

export class SessionPageDto {
  @ApiProperty({ type: [SessionDto] }) items!: SessionDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null at the end.',
  })
  nextCursor!: string | null;
}

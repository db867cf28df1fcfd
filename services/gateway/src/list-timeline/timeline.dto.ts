import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TimelineQueryDto {
  @ApiPropertyOptional({
    description: 'Only this repository (as recorded, e.g. github.com/acme/api).',
  })
  repo?: string;

  @ApiPropertyOptional({ example: 'feature/login' })
  branch?: string;

  @ApiPropertyOptional({ description: 'Only this user (of your team).' })
  user?: string;

  @ApiPropertyOptional({
    description: 'Inclusive start, ISO-8601 with a zone.',
    example: '2026-11-17T00:00:00+01:00',
  })
  since?: string;

  @ApiPropertyOptional({
    description: 'Exclusive end, ISO-8601 with a zone.',
    example: '2026-11-18T00:00:00+01:00',
  })
  until?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  cursor?: string;
}

export class TimelineEntryDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty({ description: 'Position of the event in its session: with sessionId, the moment.' })
  seq!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() user!: string;
  @ApiProperty() host!: string;
  @ApiProperty({ nullable: true, type: String }) repo!: string | null;
  @ApiProperty({ nullable: true, type: String }) branch!: string | null;
  @ApiProperty({
    example: 'command',
    description: 'What happened: command, git, file, note, session, ...',
  })
  kind!: string;
  @ApiProperty({ example: 'npm test' }) summary!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Kind-specific details, e.g. exitCode, cwd and durationMs for commands.',
    example: { exitCode: 1, cwd: '/home/ada/api', durationMs: 5120 },
  })
  detail!: Record<string, unknown>;
}

export class TimelinePageDto {
  @ApiProperty({ type: [TimelineEntryDto] }) items!: TimelineEntryDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null at the end.',
  })
  nextCursor!: string | null;
}

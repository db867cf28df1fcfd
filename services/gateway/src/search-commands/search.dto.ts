import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SearchQueryDto {
  @ApiProperty({
    description:
      'Words to find in command lines and output (web-search syntax: "exact phrase", or, -exclude); ' +
      'three or more characters also match inside command lines.',
    example: 'connection refused',
  })
  q!: string;

  @ApiPropertyOptional() branch?: string;
  @ApiPropertyOptional() repo?: string;
  @ApiPropertyOptional({ description: 'Only this user (of your team).' }) user?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }) limit?: number;
}

export class CommandHitDto {
  @ApiProperty() sessionId!: string;
  @ApiProperty({ description: 'The moment the command started: open it as <sessionId>@<seq>.' })
  seq!: number;
  @ApiProperty() commandId!: string;
  @ApiProperty() user!: string;
  @ApiProperty({ example: 'npm test -- auth' }) commandLine!: string;
  @ApiProperty({ nullable: true, type: Number }) exitCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) cwd!: string | null;
  @ApiProperty({ nullable: true, type: String }) repo!: string | null;
  @ApiProperty({ nullable: true, type: String }) branch!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ nullable: true, type: Number }) durationMs!: number | null;
  @ApiProperty({ description: 'Relevance; higher is better. Substring-only matches rank 0.' })
  rank!: number;

  @ApiProperty({
    description: 'An excerpt around the match; matched words are wrapped in « ».',
    example: 'Error: «connection» «refused» at 127.0.0.1:5432',
  })
  snippet!: string;
}

export class SearchResultDto {
  @ApiProperty({ type: [CommandHitDto] }) items!: CommandHitDto[];
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SessionEventsQueryDto {
  @ApiPropertyOptional({ description: 'Return events with seq greater than this.', default: 0 })
  after?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 5000, default: 1000 }) limit?: number;
}

class ActorDto {
  @ApiProperty() user!: string;
  @ApiProperty() host!: string;
}

export class EventDto {
  @ApiProperty({ description: 'UUIDv7' }) id!: string;
  @ApiProperty() sessionId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ example: 'terminal.command.finished' }) type!: string;
  @ApiProperty({ description: 'Epoch milliseconds.' }) at!: number;
  @ApiProperty({ type: ActorDto }) actor!: ActorDto;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { repo: 'github.com/acme/api', branch: 'main' },
  })
  context?: Record<string, string | undefined>;

  @ApiProperty({ description: 'Schema version of the payload (always the current one).' })
  v!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: object;
}

export class SessionEventsPageDto {
  @ApiProperty({ type: [EventDto] }) items!: EventDto[];
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Pass as `after` for the next page; null at the end.',
  })
  nextAfter!: number | null;
}

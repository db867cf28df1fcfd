import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SessionScreenQueryDto {
  @ApiPropertyOptional({
    description:
      'The screen right after this event (0: before any). Past the last event: the last.',
  })
  seq?: number;
  @ApiPropertyOptional({
    description:
      "Seconds from the session's first event, as the replay protocol's `from` (90.5 allowed): the screen after the last event at or before then.",
  })
  at?: number;
}

export class SessionScreenDto {
  @ApiProperty({ description: 'The last event folded in (0: none).' }) seq!: number;
  @ApiPropertyOptional({ description: 'Epoch milliseconds of event `seq`; absent when seq is 0.' })
  at?: number;
  @ApiProperty() cols!: number;
  @ApiProperty() rows!: number;
  @ApiProperty({
    description:
      "Text that redraws the screen, its scrollback, colours and cursor when written to a terminal of cols x rows (as the replay protocol's snapshot).",
  })
  screen!: string;
}

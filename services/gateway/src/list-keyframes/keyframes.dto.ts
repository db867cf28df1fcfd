import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class KeyframesQueryDto {
  @ApiPropertyOptional({ description: 'Return keyframes with seq greater than this.', default: 0 })
  after?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 }) limit?: number;
}

export class KeyframeDto {
  @ApiProperty({ description: 'The last event folded in: the screen is the one right after it.' })
  seq!: number;
  @ApiProperty({ description: 'Epoch milliseconds of event `seq`.' }) at!: number;
  @ApiProperty() cols!: number;
  @ApiProperty() rows!: number;
  @ApiProperty({
    description:
      "Text that redraws the screen, its scrollback, colours and cursor when written to a terminal of cols x rows (as the replay protocol's snapshot).",
  })
  screen!: string;
}

export class KeyframesPageDto {
  @ApiProperty({ type: [KeyframeDto] }) items!: KeyframeDto[];
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Pass as `after` for the next page; null at the end.',
  })
  nextAfter!: number | null;
}

import { ApiProperty } from '@nestjs/swagger';

export class IngestAcceptedDto {
  @ApiProperty({ description: 'Events the bus confirmed.' }) accepted!: number;
}

class RejectedEventDto {
  @ApiProperty({ nullable: true, type: Number }) seq!: number | null;
  @ApiProperty({ nullable: true, type: String }) type!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'payload.exitCode' }) field!: string | null;
  @ApiProperty({
    example:
      'event terminal.command.finished (seq 7), field "payload.exitCode": Expected number, received string [invalid_payload]',
  })
  reason!: string;
}

export class IngestRejectedDto {
  @ApiProperty() statusCode!: number;
  @ApiProperty() message!: string;
  @ApiProperty({ type: [RejectedEventDto] }) rejected!: RejectedEventDto[];
}

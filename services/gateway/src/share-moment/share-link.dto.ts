import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ShareLink } from '@backtrack/store';

class MomentDto {
  @ApiPropertyOptional({ description: 'This event of the session.', minimum: 1 }) seq?: number;
  @ApiPropertyOptional({
    description: "The last event at or before this many ms after the session's first event.",
    minimum: 0,
  })
  offsetMs?: number;
}

export class CreateShareDto {
  @ApiPropertyOptional({
    type: MomentDto,
    description: 'Give seq or offsetMs; without it, the last event so far.',
  })
  at?: MomentDto;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the link stops opening.' })
  expiresAt?: string;
  @ApiPropertyOptional({ example: '7d', description: 'Instead of expiresAt: 30m, 24h, 7d, 2w…' })
  expiresIn?: string;
  @ApiPropertyOptional({ maxLength: 200, example: 'the failing migration' }) label?: string;
}

export class ShareLinkDto {
  @ApiProperty({ description: 'UUID: what revoking names.' }) id!: string;
  @ApiProperty() sessionId!: string;
  @ApiProperty({ description: 'The event the link opens at.' }) seq!: number;
  @ApiProperty() label!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
}

export class CreatedShareDto extends ShareLinkDto {
  @ApiProperty({ example: 'http://127.0.0.1:7070/s/bts_…', description: 'The page to send.' })
  url!: string;
  @ApiProperty({ description: 'Shown once: only its SHA-256 is stored.' }) token!: string;
}

export class ShareLinkListDto {
  @ApiProperty({ type: [ShareLinkDto] }) items!: ShareLinkDto[];
}

// Never the token: it is not stored.
export function shareLinkJson(link: ShareLink): ShareLinkDto {
  return {
    id: link.id,
    sessionId: link.sessionId,
    seq: link.seq,
    label: link.label,
    createdBy: link.createdBy,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt?.toISOString() ?? null,
    revokedAt: link.revokedAt?.toISOString() ?? null,
  };
}

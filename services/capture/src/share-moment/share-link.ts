// The gateway's share links as the CLI reads them (docs/api.md, "Share links").
export interface ShareLink {
  id: string;
  sessionId: string;
  seq: number;
  label: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface CreatedShareLink extends ShareLink {
  url: string;
  token: string;
}

export function shareState(link: ShareLink, now: number): string {
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt && Date.parse(link.expiresAt) <= now) return 'expired';
  return 'open';
}

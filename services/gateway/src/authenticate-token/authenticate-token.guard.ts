import {
  CanActivate,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Caller, findCallerByTokenHash, Queryable, touchToken } from '@backtrack/store';
import { DATABASE } from '../gateway-app/injection-tokens';
import { RequestWithCaller } from './current-caller';
import { PUBLIC_ROUTE } from './public-route';
import { SHARE_TOKEN_PREFIX } from '../share-moment/share-token';
import { hashToken } from './token-secret';

const TOUCH_EVERY_MS = 60_000;

// Every route needs `Authorization: Bearer <token>`; the token is found by its SHA-256, never compared in clear.
@Injectable()
export class AuthenticateTokenGuard implements CanActivate {
  private readonly logger = new Logger('auth');
  private readonly lastTouched = new Map<string, number>();

  constructor(
    @Inject(DATABASE) private readonly db: Queryable,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isPublic(context)) return true;
    const request = context
      .switchToHttp()
      .getRequest<RequestWithCaller & { headers: Record<string, string | string[] | undefined> }>();
    const token = bearerToken(request.headers['authorization']);
    if (token.startsWith(SHARE_TOKEN_PREFIX))
      throw new UnauthorizedException(
        'a share link token opens only its own moment (GET /api/v1/shared/<token>); send an API token',
      );
    const caller = await findCallerByTokenHash(this.db, hashToken(token));
    if (!caller)
      throw new UnauthorizedException(
        'unknown token: create one with `backtrack-gateway create-token USER`',
      );
    if (caller.revokedAt)
      throw new UnauthorizedException(`token was revoked on ${caller.revokedAt.toISOString()}`);
    this.noteUse(caller);
    request.backtrackCaller = caller;
    return true;
  }

  private isPublic(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    return this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true;
  }

  // last_used_at is for humans auditing tokens: minute precision, written off the request path.
  private noteUse(caller: Caller): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(caller.tokenId) ?? 0) < TOUCH_EVERY_MS) return;
    this.lastTouched.set(caller.tokenId, now);
    touchToken(this.db, caller.tokenId).catch((error: Error) =>
      this.logger.warn(`could not record token use: ${error.message}`),
    );
  }
}

function bearerToken(header: string | string[] | undefined): string {
  if (header === undefined)
    throw new UnauthorizedException(
      'missing Authorization header: send "Authorization: Bearer <token>"',
    );
  const value = Array.isArray(header) ? (header[0] ?? '') : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  if (!match)
    throw new UnauthorizedException('malformed Authorization header: expected "Bearer <token>"');
  return match[1]!;
}

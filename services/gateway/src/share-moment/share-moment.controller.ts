import {
  BadRequestException,
  ConflictException,
  Controller,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { IncomingMessage, Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Caller, insertShareLink, MomentQuery, Queryable, resolveMoment } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { ErrorDto } from '../http/error.dto';
import { PUBLIC_URL, publicBaseUrl } from './public-base-url';
import { readJsonBody } from './read-json-body';
import { CreatedShareDto, CreateShareDto, shareLinkJson } from './share-link.dto';
import { parseShareRequest } from './share-request';
import { newShareToken } from './share-token';
import { assertTeamSession } from './team-session';

@ApiTags('share links')
@Controller('api/v1/sessions')
export class ShareMomentController {
  constructor(
    @Inject(DATABASE) private readonly db: Queryable,
    @Inject(PUBLIC_URL) private readonly publicUrl: string | null,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Post(':id/shares')
  @HttpCode(201)
  @AuthenticatedRoute()
  @ApiOperation({
    summary:
      'Make a read-only link to one moment of a session of your team; the token is shown once.',
  })
  @ApiBody({ type: CreateShareDto, required: false })
  @ApiCreatedResponse({ type: CreatedShareDto })
  @ApiNotFoundResponse({ description: 'No such session in your team.', type: ErrorDto })
  @ApiConflictResponse({ description: 'The session has no recorded events yet.', type: ErrorDto })
  async share(
    @Param('id') sessionId: string,
    @Req() request: IncomingMessage,
    @CurrentCaller() caller: Caller,
  ): Promise<CreatedShareDto> {
    const wanted = parseShareRequest(await readJsonBody(request), Date.now());
    await assertTeamSession(this.db, sessionId, caller);
    const seq = await this.momentSeq(sessionId, wanted.at);
    const { token, hash } = newShareToken();
    const link = await insertShareLink(this.db, {
      id: randomUUID(),
      tokenHash: hash,
      sessionId,
      seq,
      teamId: caller.team.id,
      createdBy: caller.user,
      label: wanted.label,
      expiresAt: wanted.expiresAt,
    });
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    const base = publicBaseUrl(this.publicUrl, server.address(), request);
    return { ...shareLinkJson(link), url: `${base}/s/${token}`, token };
  }

  // A link names an exact event, so a moment given as a time becomes the seq of the event shown then.
  private async momentSeq(sessionId: string, at: MomentQuery): Promise<number> {
    const moment = await resolveMoment(this.db, sessionId, at);
    if (moment.lastSeq === null)
      throw new ConflictException(
        `session "${sessionId}" has no recorded events yet: there is no moment to share`,
      );
    if (moment.seq !== null) return moment.seq;
    if (at && 'seq' in at)
      throw new BadRequestException(
        `session "${sessionId}" has no event seq ${at.seq} (its last is ${moment.lastSeq})`,
      );
    throw new BadRequestException(
      `session "${sessionId}" has no event at or before offset ${at?.offsetMs} ms`,
    );
  }
}

import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import {
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Queryable, readSessionEvents } from '@backtrack/store';
import { PublicRoute } from '../authenticate-token/public-route';
import { DATABASE } from '../gateway-app/injection-tokens';
import { ErrorDto } from '../http/error.dto';
import { QueryParams } from '../http/query-params';
import {
  SessionEventsPageDto,
  SessionEventsQueryDto,
} from '../list-session-events/session-events.dto';
import { openSharedMoment } from './open-shared-moment';
import { SharedMomentDto, sharedMomentJson } from './shared-moment.dto';

const PARAMS = ['after', 'limit'] as const;

// Opened by the share token in the path, with no account: these two routes are all a share token reaches.
@ApiTags('shared moments (no account)')
@ApiNotFoundResponse({ description: 'No share link with this token.', type: ErrorDto })
@ApiGoneResponse({ description: 'The link was revoked or has expired.', type: ErrorDto })
@Controller('api/v1/shared')
export class SharedMomentController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Get(':token')
  @PublicRoute()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'The moment a share link opens, and a summary of its session.' })
  @ApiOkResponse({ type: SharedMomentDto })
  async moment(@Param('token') token: string): Promise<SharedMomentDto> {
    return sharedMomentJson(await openSharedMoment(this.db, token));
  }

  @Get(':token/events')
  @PublicRoute()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: "The shared session's events, in seq order, a range at a time (to replay it).",
  })
  @ApiOkResponse({ type: SessionEventsPageDto })
  async events(
    @Param('token') token: string,
    @Query() query: SessionEventsQueryDto,
  ): Promise<SessionEventsPageDto> {
    const params = new QueryParams(query, PARAMS);
    const afterSeq = params.integer('after', { min: 0, max: 2 ** 31 - 1 }) ?? 0;
    const limit = params.limit(1000, 5000);
    const { link } = await openSharedMoment(this.db, token);
    const events = await readSessionEvents(this.db, link.sessionId, { afterSeq, limit: limit + 1 });
    const page = events.slice(0, limit);
    return { items: page, nextAfter: events.length > limit ? page[page.length - 1]!.seq : null };
  }
}

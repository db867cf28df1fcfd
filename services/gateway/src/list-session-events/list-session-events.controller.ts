import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, Queryable, readSessionEvents, sessionOwner } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { ErrorDto } from '../http/error.dto';
import { QueryParams } from '../http/query-params';
import { SessionEventsPageDto, SessionEventsQueryDto } from './session-events.dto';

const PARAMS = ['after', 'limit'] as const;

@ApiTags('sessions')
@Controller('api/v1/sessions')
export class ListSessionEventsController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Get(':id/events')
  @AuthenticatedRoute()
  @ApiOperation({
    summary: "A session's events from the event store, in seq order, a range at a time.",
  })
  @ApiOkResponse({ type: SessionEventsPageDto })
  @ApiNotFoundResponse({ description: 'No such session in your team.', type: ErrorDto })
  async list(
    @Param('id') sessionId: string,
    @Query() query: SessionEventsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<SessionEventsPageDto> {
    const params = new QueryParams(query, PARAMS);
    const afterSeq = params.integer('after', { min: 0, max: 2 ** 31 - 1 }) ?? 0;
    const limit = params.limit(1000, 5000);
    const owner = await sessionOwner(this.db, sessionId);
    if (owner === undefined || !caller.members.includes(owner)) {
      throw new NotFoundException(`no session "${sessionId}" in team ${caller.team.name}`);
    }
    const events = await readSessionEvents(this.db, sessionId, { afterSeq, limit: limit + 1 });
    const page = events.slice(0, limit);
    return { items: page, nextAfter: events.length > limit ? page[page.length - 1]!.seq : null };
  }
}

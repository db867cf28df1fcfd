import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, Queryable, readTimeline } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { assertRange, QueryParams } from '../http/query-params';
import { TimelinePageDto, TimelineQueryDto } from './timeline.dto';

const PARAMS = ['repo', 'branch', 'user', 'since', 'until', 'limit', 'cursor'] as const;

@ApiTags('ask')
@Controller('api/v1/timeline')
export class ListTimelineController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Get()
  @AuthenticatedRoute()
  @ApiOperation({
    summary:
      "What happened, in time order, in your team's sessions (commands, branch switches, saves, notes).",
  })
  @ApiOkResponse({ type: TimelinePageDto })
  async list(
    @Query() query: TimelineQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<TimelinePageDto> {
    const params = new QueryParams(query, PARAMS);
    const since = params.instant('since');
    const until = params.instant('until');
    assertRange(since, until);
    const limit = params.limit(100, 1000);
    const after = decodeCursor<[string, string, number]>(params.text('cursor', 1000), [
      'digits',
      'string',
      'number',
    ]);
    const entries = await readTimeline(this.db, {
      members: caller.members,
      repo: params.text('repo'),
      branch: params.text('branch'),
      user: params.text('user'),
      since,
      until,
      after: after && { atMicros: after[0], sessionId: after[1], seq: after[2] },
      limit: limit + 1,
    });
    const page = entries.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ cursor: _cursor, at, ...entry }) => ({ ...entry, at: at.toISOString() })),
      nextCursor:
        entries.length > limit && last
          ? encodeCursor([last.cursor.atMicros, last.cursor.sessionId, last.cursor.seq])
          : null,
    };
  }
}

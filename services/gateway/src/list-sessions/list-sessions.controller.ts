import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, listSessions, Queryable } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { assertRange, QueryParams } from '../http/query-params';
import { sessionJson } from './session-json';
import { SessionPageDto, SessionsQueryDto } from './session.dto';

const PARAMS = ['user', 'repo', 'branch', 'since', 'until', 'limit', 'cursor'] as const;

@ApiTags('sessions')
@Controller('api/v1/sessions')
export class ListSessionsController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Get()
  @AuthenticatedRoute()
  @ApiOperation({ summary: "Your team's sessions that overlap the range, newest first." })
  @ApiOkResponse({ type: SessionPageDto })
  async list(
    @Query() query: SessionsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<SessionPageDto> {
    const params = new QueryParams(query, PARAMS);
    const since = params.instant('since');
    const until = params.instant('until');
    assertRange(since, until);
    const limit = params.limit(50, 500);
    const after = decodeCursor<[string, string]>(params.text('cursor', 1000), ['digits', 'string']);
    const sessions = await listSessions(this.db, {
      members: caller.members,
      user: params.text('user'),
      repo: params.text('repo'),
      branch: params.text('branch'),
      since,
      until,
      after: after && { startedMicros: after[0], sessionId: after[1] },
      limit: limit + 1,
    });
    const page = sessions.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ cursor: _cursor, ...session }) => sessionJson(session)),
      nextCursor:
        sessions.length > limit && last
          ? encodeCursor([last.cursor.startedMicros, last.cursor.sessionId])
          : null,
    };
  }
}

import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, Queryable, searchCommands } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { QueryParams } from '../http/query-params';
import { SearchQueryDto, SearchResultDto } from './search.dto';

const PARAMS = ['q', 'branch', 'repo', 'user', 'limit'] as const;

@ApiTags('ask')
@Controller('api/v1/search')
export class SearchCommandsController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Get()
  @AuthenticatedRoute()
  @ApiOperation({
    summary:
      'Commands of your team whose line or output match, best first, each with the moment it ran.',
  })
  @ApiOkResponse({ type: SearchResultDto })
  async search(
    @Query() query: SearchQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<SearchResultDto> {
    const params = new QueryParams(query, PARAMS);
    const hits = await searchCommands(this.db, {
      text: params.requiredText('q', 1000),
      members: caller.members,
      branch: params.text('branch'),
      repo: params.text('repo'),
      user: params.text('user'),
      limit: params.limit(20, 100),
    });
    return { items: hits.map((hit) => ({ ...hit, startedAt: hit.startedAt.toISOString() })) };
  }
}

import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listKeyframes } from '@backtrack/playback';
import { Caller, Queryable, sessionOwner } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { ErrorDto } from '../http/error.dto';
import { QueryParams } from '../http/query-params';
import { KeyframesPageDto, KeyframesQueryDto } from './keyframes.dto';

const PARAMS = ['after', 'limit'] as const;

@ApiTags('sessions')
@Controller('api/v1/sessions')
export class ListKeyframesController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Get(':id/keyframes')
  @AuthenticatedRoute()
  @ApiOperation({
    summary:
      "A session's stored keyframes (screens right after an event), in seq order, a range at a time.",
  })
  @ApiOkResponse({ type: KeyframesPageDto })
  @ApiNotFoundResponse({ description: 'No such session in your team.', type: ErrorDto })
  async list(
    @Param('id') sessionId: string,
    @Query() query: KeyframesQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<KeyframesPageDto> {
    const params = new QueryParams(query, PARAMS);
    const afterSeq = params.integer('after', { min: 0, max: 2 ** 31 - 1 }) ?? 0;
    const limit = params.limit(100, 1000);
    const owner = await sessionOwner(this.db, sessionId);
    if (owner === undefined || !caller.members.includes(owner)) {
      throw new NotFoundException(`no session "${sessionId}" in team ${caller.team.name}`);
    }
    const keyframes = await listKeyframes(this.db, sessionId, { afterSeq, limit: limit + 1 });
    const page = keyframes.slice(0, limit);
    return {
      items: page.map(({ seq, at, cols, rows, screen }) => ({ seq, at, cols, rows, screen })),
      nextAfter: keyframes.length > limit ? page[page.length - 1]!.seq : null,
    };
  }
}

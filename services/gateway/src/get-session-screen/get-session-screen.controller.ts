import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { screenAt, sessionBounds } from '@backtrack/playback';
import { Caller, Queryable, sessionOwner } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { ErrorDto } from '../http/error.dto';
import { QueryParams } from '../http/query-params';
import { screenMoment } from './screen-moment';
import { SessionScreenDto, SessionScreenQueryDto } from './session-screen.dto';

const PARAMS = ['seq', 'at'] as const;

@ApiTags('sessions')
@Controller('api/v1/sessions')
export class GetSessionScreenController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Get(':id/screen')
  @AuthenticatedRoute()
  @ApiOperation({
    summary:
      'The terminal screen right after one moment of a session (?seq= or ?at=), or after its last stored event.',
  })
  @ApiOkResponse({ type: SessionScreenDto })
  @ApiNotFoundResponse({ description: 'No such session in your team.', type: ErrorDto })
  async get(
    @Param('id') sessionId: string,
    @Query() query: SessionScreenQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<SessionScreenDto> {
    const moment = screenMoment(new QueryParams(query, PARAMS));
    const owner = await sessionOwner(this.db, sessionId);
    if (owner === undefined || !caller.members.includes(owner)) {
      throw new NotFoundException(`no session "${sessionId}" in team ${caller.team.name}`);
    }
    const target = moment ?? { seq: (await sessionBounds(this.db, sessionId))?.lastSeq ?? 0 };
    // Like a replay seek, this stores the keyframes the policy wants on the way: the next look near here is cheap.
    const { seq, at, cols, rows, screen } = await screenAt(this.db, sessionId, target);
    return { seq, ...(at !== undefined ? { at } : {}), cols, rows, screen };
  }
}

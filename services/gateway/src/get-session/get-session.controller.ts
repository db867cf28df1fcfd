import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, getVisibleSession, Queryable } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { ErrorDto } from '../http/error.dto';
import { sessionJson } from '../list-sessions/session-json';
import { SessionDto } from '../list-sessions/session.dto';

@ApiTags('sessions')
@Controller('api/v1/sessions')
export class GetSessionController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Get(':id')
  @AuthenticatedRoute()
  @ApiOperation({ summary: 'One session of your team.' })
  @ApiOkResponse({ type: SessionDto })
  @ApiNotFoundResponse({
    description: "No such session in your team (another team's sessions are not revealed).",
    type: ErrorDto,
  })
  async get(@Param('id') sessionId: string, @CurrentCaller() caller: Caller): Promise<SessionDto> {
    const session = await getVisibleSession(this.db, sessionId, caller.members);
    if (!session)
      throw new NotFoundException(`no session "${sessionId}" in team ${caller.team.name}`);
    return sessionJson(session);
  }
}

import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, listShareLinks, Queryable } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { ErrorDto } from '../http/error.dto';
import { ShareLinkListDto, shareLinkJson } from '../share-moment/share-link.dto';
import { assertTeamSession } from '../share-moment/team-session';

@ApiTags('share links')
@Controller('api/v1/sessions')
export class ListSharesController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Get(':id/shares')
  @AuthenticatedRoute()
  @ApiOperation({
    summary: "Your team's links to a session, newest first, revoked and expired ones included.",
  })
  @ApiOkResponse({ type: ShareLinkListDto })
  @ApiNotFoundResponse({ description: 'No such session in your team.', type: ErrorDto })
  async list(
    @Param('id') sessionId: string,
    @CurrentCaller() caller: Caller,
  ): Promise<ShareLinkListDto> {
    await assertTeamSession(this.db, sessionId, caller);
    const links = await listShareLinks(this.db, sessionId, caller.team.id);
    return { items: links.map(shareLinkJson) };
  }
}

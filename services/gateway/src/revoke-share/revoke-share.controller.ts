import { Controller, Delete, HttpCode, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caller, Queryable, revokeShareLink } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { ErrorDto } from '../http/error.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('share links')
@Controller('api/v1/shares')
export class RevokeShareController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Delete(':id')
  @HttpCode(204)
  @AuthenticatedRoute()
  @ApiOperation({
    summary:
      'Revoke a link of your team: it stops opening at once. Revoking again changes nothing.',
  })
  @ApiNoContentResponse({ description: 'Revoked (now or before).' })
  @ApiNotFoundResponse({ description: 'No such link in your team.', type: ErrorDto })
  async revoke(@Param('id') id: string, @CurrentCaller() caller: Caller): Promise<void> {
    const revoked = UUID.test(id) ? await revokeShareLink(this.db, id, caller.team.id) : undefined;
    if (!revoked)
      throw new NotFoundException(
        `no share link "${id}" in team ${caller.team.name} (ids are UUIDs, as listed by GET /api/v1/sessions/:id/shares)`,
      );
  }
}

import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Caller } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { AuthenticatedRoute } from '../http/api-route';

class TeamDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class MeDto {
  @ApiProperty({ example: 'ada' }) user!: string;
  @ApiProperty({ type: TeamDto }) team!: TeamDto;
  @ApiProperty({ description: 'Id of the token used (for `backtrack-gateway revoke-token`).' })
  tokenId!: string;
}

@ApiTags('account')
@Controller('api/v1/me')
export class WhoAmIController {
  @Get()
  @AuthenticatedRoute()
  @ApiOperation({ summary: 'Who the token belongs to: what `backtrack login` checks.' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentCaller() caller: Caller): MeDto {
    return { user: caller.user, team: caller.team, tokenId: caller.tokenId };
  }
}

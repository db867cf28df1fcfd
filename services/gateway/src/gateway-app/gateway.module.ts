import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { EventBus } from '@backtrack/bus';
import { Queryable } from '@backtrack/store';
import { AuthenticateTokenGuard } from '../authenticate-token/authenticate-token.guard';
import { GetSessionController } from '../get-session/get-session.controller';
import { GetSessionScreenController } from '../get-session-screen/get-session-screen.controller';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { IngestBatchController } from '../ingest-batch/ingest-batch.controller';
import { ListKeyframesController } from '../list-keyframes/list-keyframes.controller';
import { ListSessionEventsController } from '../list-session-events/list-session-events.controller';
import { ListSessionsController } from '../list-sessions/list-sessions.controller';
import { ListSharesController } from '../list-shares/list-shares.controller';
import { ListTimelineController } from '../list-timeline/list-timeline.controller';
import { RevokeShareController } from '../revoke-share/revoke-share.controller';
import { SearchCommandsController } from '../search-commands/search-commands.controller';
import { PUBLIC_URL, publicUrlFromEnv } from '../share-moment/public-base-url';
import { ShareMomentController } from '../share-moment/share-moment.controller';
import { SharedMomentController } from '../view-shared-moment/shared-moment.controller';
import { SharePageController } from '../view-shared-moment/share-page.controller';
import { WhoAmIController } from '../who-am-i/who-am-i.controller';
import { BUS, DATABASE } from './injection-tokens';

export interface GatewayDeps {
  // A TypeORM DataSource, or anything with its query(sql, params) => rows.
  db: Queryable;
  bus: EventBus;
  // Base of share links; default BACKTRACK_PUBLIC_URL, else the address the gateway listens on.
  publicUrl?: string;
}

@Module({})
export class GatewayModule {
  static with(deps: GatewayDeps): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [
        IngestBatchController,
        ListTimelineController,
        SearchCommandsController,
        ListSessionsController,
        GetSessionController,
        ListSessionEventsController,
        ListKeyframesController,
        GetSessionScreenController,
        WhoAmIController,
        ShareMomentController,
        ListSharesController,
        RevokeShareController,
        SharedMomentController,
        SharePageController,
      ],
      providers: [
        { provide: DATABASE, useValue: deps.db },
        { provide: BUS, useValue: deps.bus },
        { provide: PUBLIC_URL, useValue: deps.publicUrl ?? publicUrlFromEnv(process.env) },
        { provide: APP_GUARD, useClass: AuthenticateTokenGuard },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}

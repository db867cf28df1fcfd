import {
  Controller,
  Get,
  HttpException,
  Inject,
  NotFoundException,
  Param,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServerResponse } from 'node:http';
import { Queryable } from '@backtrack/store';
import { PublicRoute } from '../authenticate-token/public-route';
import { DATABASE } from '../gateway-app/injection-tokens';
import { openSharedMoment } from './open-shared-moment';
import { sendAsset, sendPage } from './page-headers';
import { webAsset, webPage } from './web-files';

// What a share link opens in a browser: the player page (it fetches the moment itself) and its static files.
@ApiExcludeController()
@Controller()
export class SharePageController {
  constructor(@Inject(DATABASE) private readonly db: Queryable) {}

  @Get('s/:token')
  @PublicRoute()
  async page(@Param('token') token: string, @Res() response: ServerResponse): Promise<void> {
    try {
      await openSharedMoment(this.db, token);
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      sendPage(response, error.getStatus(), errorPage(error.message));
      return;
    }
    sendPage(response, 200, webPage('share-page.html'));
  }

  @Get('assets/:name')
  @PublicRoute()
  asset(@Param('name') name: string, @Res() response: ServerResponse): void {
    const asset = webAsset(name);
    if (!asset) throw new NotFoundException(`no asset "${name}"`);
    sendAsset(response, asset.content, asset.contentType);
  }
}

function errorPage(message: string): string {
  return webPage('share-error.html').replace('{{message}}', escapeHtml(message));
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

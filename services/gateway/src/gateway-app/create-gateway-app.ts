import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GatewayDeps, GatewayModule } from './gateway.module';
import { serveOpenApi } from './openapi';

export interface GatewayAppOptions {
  logLevels?: LogLevel[] | false;
}

// Composes the gateway from what it needs; the caller decides where it listens (and closes the deps itself).
export async function createGatewayApp(
  deps: GatewayDeps,
  options: GatewayAppOptions = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(GatewayModule.with(deps), {
    // Ingest reads its raw body itself (with its own limit); no route takes JSON or forms.
    bodyParser: false,
    logger: options.logLevels ?? ['error', 'warn', 'log'],
  });
  serveOpenApi(app);
  await app.init();
  return app;
}

import { INestApplicationContext, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProjectorModule } from './projector.module';
import { ProjectorOptions } from './projector.options';

// The projector as a Nest application context: consuming when given a bus, else serving rebuild and dead-letter reports.
export function createProjectorApp(
  options: ProjectorOptions,
  logger: LogLevel[] | false = ['warn', 'error'],
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(ProjectorModule.forRoot(options), { logger });
}

import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { ServerResponse } from 'node:http';

// Every error leaves as JSON { statusCode, message, ...details }, whatever threw it.
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('gateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<ServerResponse>();
    const { statusCode, body } = this.describe(exception);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.statusCode = statusCode;
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(body));
  }

  private describe(exception: unknown): { statusCode: number; body: Record<string, unknown> } {
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const details =
        typeof response === 'object' && response !== null
          ? { ...(response as Record<string, unknown>) }
          : {};
      const raw =
        typeof response === 'string' ? response : (details['message'] ?? exception.message);
      delete details['error'];
      delete details['statusCode'];
      const message = Array.isArray(raw) ? raw.join('; ') : String(raw);
      return { statusCode, body: { statusCode, ...details, message } };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    const statusCode = HttpStatus.INTERNAL_SERVER_ERROR;
    return {
      statusCode,
      body: { statusCode, message: 'internal error; the gateway log has the details' },
    };
  }
}

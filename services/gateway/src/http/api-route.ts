import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { ErrorDto } from './error.dto';

// What every authenticated route documents: the bearer token and the errors any route can answer.
export function AuthenticatedRoute() {
  return applyDecorators(
    ApiBearerAuth(),
    ApiResponse({
      status: 400,
      description: 'A query parameter is unknown or malformed; the message names it.',
      type: ErrorDto,
    }),
    ApiResponse({
      status: 401,
      description: 'The bearer token is missing, unknown or revoked.',
      type: ErrorDto,
    }),
  );
}

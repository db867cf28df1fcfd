import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  Inject,
  Post,
  Req,
  ServiceUnavailableException,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IncomingMessage } from 'node:http';
import { EventBus } from '@backtrack/bus';
import {
  BATCH_CONTENT_TYPE,
  BatchDecodeError,
  DecodedBatch,
  decodeBatch,
  MAX_BATCH_BYTES,
} from '@backtrack/events';
import { Caller, Queryable, sessionOwner } from '@backtrack/store';
import { CurrentCaller } from '../authenticate-token/current-caller';
import { BUS, DATABASE } from '../gateway-app/injection-tokens';
import { AuthenticatedRoute } from '../http/api-route';
import { ErrorDto } from '../http/error.dto';
import { assertBatchContentType } from './batch-content-type';
import { IngestAcceptedDto, IngestRejectedDto } from './ingest.dto';
import { readBody } from './read-body';

@ApiTags('ingest')
@Controller('api/v1/ingest')
export class IngestBatchController {
  constructor(
    @Inject(BUS) private readonly bus: EventBus,
    @Inject(DATABASE) private readonly db: Queryable,
  ) {}

  @Post()
  @HttpCode(202)
  @AuthenticatedRoute()
  @ApiOperation({
    summary: "Capture agents send a batch of one session's events; all are accepted or none.",
  })
  @ApiConsumes(BATCH_CONTENT_TYPE)
  @ApiBody({
    description: 'encodeBatch output: {"batch":1,"sessionId":"…","events":[…]}',
    schema: { type: 'object' },
  })
  @ApiResponse({
    status: 202,
    description: 'The bus confirmed the batch.',
    type: IngestAcceptedDto,
  })
  @ApiResponse({
    status: 400,
    description: 'The batch or some events are invalid; nothing was accepted.',
    type: IngestRejectedDto,
  })
  @ApiResponse({
    status: 403,
    description: "Events by another user, or into another user's session.",
    type: ErrorDto,
  })
  @ApiResponse({ status: 413, description: `Body over ${MAX_BATCH_BYTES} bytes.`, type: ErrorDto })
  @ApiResponse({ status: 415, description: 'Wrong content-type.', type: ErrorDto })
  @ApiResponse({
    status: 503,
    description: 'The bus did not confirm; retry the same batch.',
    type: ErrorDto,
  })
  async ingest(
    @Req() request: IncomingMessage,
    @Headers('content-type') contentType: string | undefined,
    @CurrentCaller() caller: Caller,
  ): Promise<IngestAcceptedDto> {
    assertBatchContentType(contentType);
    const body = await readBody(request, MAX_BATCH_BYTES);
    const batch = decode(body);
    await this.assertCallerOwns(batch, caller);
    if (batch.events.length === 0) return { accepted: 0 };
    try {
      await this.bus.publishEncoded(batch.sessionId, body);
    } catch (error) {
      throw new ServiceUnavailableException(
        `the event bus did not confirm the batch (${(error as Error).message}); retry it`,
      );
    }
    return { accepted: batch.events.length };
  }

  private async assertCallerOwns(batch: DecodedBatch, caller: Caller): Promise<void> {
    const foreign = batch.events.find((event) => event.actor.user !== caller.user);
    if (foreign) {
      throw new ForbiddenException(
        `event seq ${foreign.seq} is by "${foreign.actor.user}" but the token belongs to "${caller.user}"; nothing was accepted`,
      );
    }
    const owner = await sessionOwner(this.db, batch.sessionId);
    if (owner !== undefined && owner !== caller.user) {
      throw new ForbiddenException(
        `session "${batch.sessionId}" belongs to another user; nothing was accepted`,
      );
    }
  }
}

function decode(body: Buffer): DecodedBatch {
  let batch: DecodedBatch;
  try {
    batch = decodeBatch(body);
  } catch (error) {
    if (error instanceof BatchDecodeError)
      throw new BadRequestException(`${error.message}; nothing was accepted`);
    throw error;
  }
  if (batch.rejected.length > 0) {
    const total = batch.rejected.length + batch.events.length;
    throw new BadRequestException({
      message: `${batch.rejected.length} of ${total} events are invalid (first: ${batch.rejected[0]!.error.message}); nothing was accepted`,
      rejected: batch.rejected.map(({ error }) => ({
        seq: error.seq ?? null,
        type: error.eventType ?? null,
        field: error.field ?? null,
        reason: error.message,
      })),
    });
  }
  return batch;
}

import { EventBus as MessageBus, Subscription } from '@backtrack/bus';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ProjectBatchCommand } from '../project-batch/project-batch.command';
import { RecordBusDeadLetterCommand } from '../record-bus-dead-letter/record-bus-dead-letter.command';
import {
  MESSAGE_BUS,
  PROJECTOR_OPTIONS,
  ProjectorOptions,
} from '../projector-app/projector.options';
import { whileDatabaseUnavailable } from './while-database-unavailable';

export const PROJECTOR_GROUP = 'projector';

// The driving side: every batch the bus delivers becomes a ProjectBatch command; the bus retries a failed one
// and, past its attempts, hands it back as a dead letter that is recorded like any other.
@Injectable()
export class BusConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BusConsumer');
  private subscriptions: Subscription[] = [];
  private stopping = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(PROJECTOR_OPTIONS) private readonly options: ProjectorOptions,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscriptions.push(
      await this.bus.subscribeDeadLetters(PROJECTOR_GROUP, async (letter) => {
        await this.untilDatabaseAnswers(() =>
          this.commands.execute(new RecordBusDeadLetterCommand(letter)),
        );
      }),
      await this.bus.subscribe(
        {
          group: PROJECTOR_GROUP,
          ...(this.options.prefetch ? { prefetch: this.options.prefetch } : {}),
        },
        async ({ batch }) => {
          await this.untilDatabaseAnswers(() =>
            this.commands.execute(new ProjectBatchCommand(batch)),
          );
        },
      ),
    );
    this.logger.log(`consuming ${this.bus.kind} bus as group "${PROJECTOR_GROUP}"`);
  }

  // Batches in flight finish and are acknowledged; nothing new is taken.
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const subscriptions = this.subscriptions.reverse();
    this.subscriptions = [];
    for (const subscription of subscriptions) await subscription.close();
  }

  // Resolves once nothing is in hand or being retried for a while: with the in-process bus, whose queue dies
  // with the process, that is when every batch it accepted has been projected (call it after publishers stop).
  async drained(quietMs = 100): Promise<void> {
    let quietSince = Date.now();
    while (Date.now() - quietSince < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const busy = this.inFlight.size > 0 || this.subscriptions.some((s) => s.pending() > 0);
      if (busy) quietSince = Date.now();
    }
  }

  // As if the process died right after its last commit: nothing more is acknowledged, so the batches in hand
  // go back to the group; they are let finish so the database pool is not closed under them. For crash tests.
  async abort(): Promise<void> {
    this.stopping = true;
    const subscriptions = this.subscriptions;
    this.subscriptions = [];
    for (const subscription of subscriptions) await subscription.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  // A database outage is waited out here, so it never turns good batches into poison at the bus.
  private untilDatabaseAnswers<T>(work: () => Promise<T>): Promise<T> {
    const running = whileDatabaseUnavailable(work, {
      isStopping: () => this.stopping,
      onWait: (error, attempt) => {
        if (attempt === 1 || attempt % 10 === 0)
          this.logger.warn(`database unavailable (${error.message}), retrying`);
      },
    });
    this.inFlight.add(running);
    void running.finally(() => this.inFlight.delete(running)).catch(() => undefined);
    return running;
  }
}

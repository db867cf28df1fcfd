import { expectEventually, outputBatches, uniqueName } from '@backtrack/testing';
import { BusFactory, BusTestContext, expectedSeqs, seqsBySession } from './bus-test-context';

// What the broker still holds for a group in a namespace (queue, exchange or consumer group names); adapters that keep
// nothing outside the process have no such look.
export type BrokerLook = (namespace: string, group: string) => Promise<string[]>;

// The one contract every adapter is held to, run against the real broker of each.
export function describeBusContract(
  adapter: string,
  factory: BusFactory,
  brokerHolds?: BrokerLook,
): void {
  describe(`${adapter} bus contract`, () => {
    let ctx: BusTestContext;

    beforeEach(() => {
      ctx = new BusTestContext(factory);
    });

    afterEach(async () => {
      await ctx.dispose();
    });

    it('delivers a published batch, decoded, to a subscriber', async () => {
      const bus = await ctx.bus();
      const { received } = await ctx.consume(bus, { group: 'projector' });
      const [batch] = outputBatches(uniqueName('s'), 1, 3);
      await bus.publish(batch!);
      await expectEventually(() =>
        expect(received).toEqual([{ sessionId: batch!.sessionId, seqs: [1, 2, 3], attempt: 1 }]),
      );
    });

    it('keeps each session in order while two members of a group share the load', async () => {
      const bus = await ctx.bus();
      const sessions = ctx.sessions(20, 25);
      const a = await ctx.consume(bus, { group: 'projector', prefetch: 8 });
      const b = await ctx.consume(bus, { group: 'projector', prefetch: 8 });
      await ctx.publishAll(bus, sessions);
      await expectEventually(
        () => {
          const got = seqsBySession([...a.received, ...b.received]);
          for (const [id, batches] of sessions) expect(got.get(id)).toEqual(expectedSeqs(batches));
        },
        { timeoutMs: 45_000 },
      );
    });

    it('redelivers what a consumer held when it crashed mid-batch (at-least-once)', async () => {
      const bus = await ctx.bus();
      const sessions = ctx.sessions(1, 10);
      const [[sessionId, batches]] = [...sessions];
      let stuck = false;
      const crashing = await ctx.consume(
        bus,
        { group: 'projector', prefetch: 1 },
        async ({ batch }) => {
          if (batch.events[0]!.seq === 13) {
            stuck = true;
            await new Promise(() => undefined); // the process dies here, holding batch 5
          }
        },
      );
      await ctx.publishAll(bus, sessions);
      await expectEventually(() => expect(stuck).toBe(true));
      await crashing.subscription.abort();

      const survivor = await ctx.consume(bus, { group: 'projector', prefetch: 1 });
      await expectEventually(
        () => {
          const handled = [...crashing.received, ...survivor.received].flatMap((r) => r.seqs);
          expect(new Set(handled)).toEqual(new Set(expectedSeqs(batches!)));
        },
        { timeoutMs: 45_000 },
      );
      expect(crashing.received.flatMap((r) => r.seqs)).toEqual(expectedSeqs(batches!).slice(0, 12));
      expect(survivor.received[0]).toMatchObject({ sessionId, seqs: [13, 14, 15] });
      expect(survivor.received[0]!.attempt).toBeGreaterThan(1);
    });

    it('gives every consumer group every batch (fan-out)', async () => {
      const bus = await ctx.bus();
      const sessions = ctx.sessions(5, 10);
      const projector = await ctx.consume(bus, { group: 'projector' });
      const replay = await ctx.consume(bus, { group: 'replay' });
      await ctx.publishAll(bus, sessions);
      await expectEventually(
        () => {
          for (const group of [projector, replay]) {
            const got = seqsBySession(group.received);
            for (const [id, batches] of sessions)
              expect(got.get(id)).toEqual(expectedSeqs(batches));
          }
        },
        { timeoutMs: 45_000 },
      );
    });

    it('dead-letters a poison batch with its reason and goes on with the session', async () => {
      const bus = await ctx.bus();
      const [[sessionId, batches]] = [...ctx.sessions(1, 4)];
      const letters = await ctx.deadLetters(bus, 'projector');
      const { received } = await ctx.consume(
        bus,
        { group: 'projector', maxAttempts: 3 },
        async ({ batch }) => {
          if (batch.events[0]!.seq === 4) throw new Error('cannot project seq 4');
        },
      );
      for (const batch of batches!) await bus.publish(batch);
      await expectEventually(() =>
        expect(received.flatMap((r) => r.seqs)).toEqual([1, 2, 3, 7, 8, 9, 10, 11, 12]),
      );
      await expectEventually(() => expect(letters).toHaveLength(1));
      expect(letters[0]).toMatchObject({ group: 'projector', sessionId });
      expect(letters[0]!.reason).toContain('handler failed 3 times: cannot project seq 4');
      expect(JSON.parse(letters[0]!.body.toString()).events[0].seq).toBe(4);
    });

    it('dead-letters a message that is not a batch, naming why', async () => {
      const bus = await ctx.bus();
      const letters = await ctx.deadLetters(bus, 'projector');
      const { received } = await ctx.consume(bus, { group: 'projector' });
      const sessionId = uniqueName('s');
      await bus.publishEncoded(sessionId, Buffer.from('{"batch":1,"sessionId":'));
      await bus.publish(outputBatches(sessionId, 1)[0]!);
      await expectEventually(() => expect(received).toHaveLength(1));
      await expectEventually(() => expect(letters).toHaveLength(1));
      expect(letters[0]!.reason).toMatch(/^batch: not JSON/);
    });

    it('gives each ephemeral subscriber every batch published while it is subscribed, in order per session', async () => {
      const bus = await ctx.bus();
      const [[earlier, before]] = [...ctx.sessions(1, 2)];
      for (const batch of before!) await bus.publish(batch);
      const sessions = ctx.sessions(10, 10);
      const first = await ctx.consume(bus, { group: 'replay', ephemeral: true, prefetch: 8 });
      const second = await ctx.consume(bus, { group: 'replay', ephemeral: true, prefetch: 8 });
      await ctx.publishAll(bus, sessions);
      await expectEventually(
        () => {
          for (const subscriber of [first, second]) {
            const got = seqsBySession(subscriber.received);
            for (const [id, batches] of sessions)
              expect(got.get(id)).toEqual(expectedSeqs(batches));
          }
        },
        { timeoutMs: 45_000 },
      );
      for (const subscriber of [first, second])
        expect(subscriber.received.map((r) => r.sessionId)).not.toContain(earlier);
    });

    it('keeps nothing for an ephemeral subscriber once it closed, nor hands it to the next one', async () => {
      const bus = await ctx.bus();
      const [[sessionId, batches]] = [...ctx.sessions(1, 9)];
      const [seen, missed, later] = [batches!.slice(0, 3), batches!.slice(3, 6), batches!.slice(6)];
      const gone = await ctx.consume(bus, { group: 'replay', ephemeral: true });
      for (const batch of seen) await bus.publish(batch);
      await expectEventually(() => expect(gone.received).toHaveLength(3));
      await gone.subscription.close();

      for (const batch of missed) await bus.publish(batch); // nobody is subscribed
      const next = await ctx.consume(bus, { group: 'replay', ephemeral: true });
      for (const batch of later) await bus.publish(batch);

      // One session keeps its order, so anything kept from before would have come first.
      await expectEventually(() =>
        expect(seqsBySession(next.received).get(sessionId)).toEqual(expectedSeqs(later)),
      );
      expect(seqsBySession(gone.received).get(sessionId)).toEqual(expectedSeqs(seen));
    });

    it('keeps a group that starts from now what is published while it has no member, and nothing from before it', async () => {
      const bus = await ctx.bus();
      const [[sessionId, batches]] = [...ctx.sessions(1, 6)];
      const [before, missed] = [batches!.slice(0, 3), batches!.slice(3)];
      for (const batch of before) await bus.publish(batch); // the group does not exist yet
      const first = await ctx.consume(bus, { group: 'follow-a', fromNow: true });
      await first.subscription.close(); // before it handled anything

      for (const batch of missed) await bus.publish(batch); // nobody is subscribed
      const again = await ctx.consume(bus, { group: 'follow-a', fromNow: true });

      await expectEventually(
        () => expect(seqsBySession(again.received).get(sessionId)).toEqual(expectedSeqs(missed)),
        { timeoutMs: 45_000 },
      );
      expect(first.received).toEqual([]);
    });

    it('deletes a group with what it held, so a subscriber of the name starts afresh', async () => {
      const bus = await ctx.bus();
      const [[sessionId, batches]] = [...ctx.sessions(1, 9)];
      const [seen, dropped, later] = [
        batches!.slice(0, 3),
        batches!.slice(3, 6),
        batches!.slice(6),
      ];
      const first = await ctx.consume(bus, { group: 'follow-b', fromNow: true });
      for (const batch of seen) await bus.publish(batch);
      await expectEventually(() => expect(first.received).toHaveLength(3), { timeoutMs: 45_000 });
      await first.subscription.close();
      for (const batch of dropped) await bus.publish(batch); // held for the group, then deleted with it

      await bus.deleteGroup('follow-b');
      await bus.deleteGroup('follow-b'); // what is gone is deleted
      if (brokerHolds) expect(await brokerHolds(ctx.namespace, 'follow-b')).toEqual([]);
      const next = await ctx.consume(bus, { group: 'follow-b', fromNow: true });
      for (const batch of later) await bus.publish(batch);

      // One session keeps its order, so anything kept from before would have come first.
      await expectEventually(
        () => expect(seqsBySession(next.received).get(sessionId)).toEqual(expectedSeqs(later)),
        { timeoutMs: 45_000 },
      );
    });

    it('refuses to delete a group that still has a member, which goes on', async () => {
      const bus = await ctx.bus();
      const [[sessionId, batches]] = [...ctx.sessions(1, 2)];
      const member = await ctx.consume(bus, { group: 'follow-c', fromNow: true });

      await expect(bus.deleteGroup('follow-c')).rejects.toThrow(/close its subscriptions/);
      for (const batch of batches!) await bus.publish(batch);

      await expectEventually(
        () => expect(seqsBySession(member.received).get(sessionId)).toEqual(expectedSeqs(batches!)),
        { timeoutMs: 45_000 },
      );
    });

    it('holds a slow consumer to its prefetch instead of buffering without bound', async () => {
      const bus = await ctx.bus();
      const [[, batches]] = [...ctx.sessions(1, 60)];
      let maxPending = 0;
      const gauge: { subscription?: { pending(): number } } = {};
      const { received, subscription } = await ctx.consume(
        bus,
        { group: 'projector', prefetch: 4 },
        async () => {
          maxPending = Math.max(maxPending, gauge.subscription?.pending() ?? 0);
          await new Promise((resolve) => setTimeout(resolve, 20));
        },
      );
      gauge.subscription = subscription;
      const publishing = (async () => {
        for (const batch of batches!) await bus.publish(batch);
      })();
      await expectEventually(() => expect(received.length).toBeGreaterThanOrEqual(10));
      expect(received.length).toBeLessThan(batches!.length);
      expect(maxPending).toBeLessThanOrEqual(4);
      await publishing;
      await expectEventually(() => expect(received).toHaveLength(batches!.length), {
        timeoutMs: 45_000,
      });
      expect(maxPending).toBeLessThanOrEqual(4);
    });
  });
}

import { outputBatches, uniqueName } from '@backtrack/testing';
import { EmbeddedBus } from '../src';
import { describeBusContract } from './bus.contract';

describeBusContract('embedded', async () => new EmbeddedBus());

describe('embedded bus', () => {
  it('holds nothing for an ephemeral subscriber that left, so publishers never wait for it', async () => {
    const bus = new EmbeddedBus({ shards: 1, shardCapacity: 2 });
    const gone = await bus.subscribe({ group: 'replay', ephemeral: true }, async () => undefined);
    await gone.close();

    // A group kept for it would fill after two batches and make the third publish wait for ever.
    for (const batch of outputBatches(uniqueName('s'), 10)) await bus.publish(batch);

    await bus.close();
  });
});

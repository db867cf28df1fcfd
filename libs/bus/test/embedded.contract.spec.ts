import { EmbeddedBus } from '../src';
import { describeBusContract } from './bus.contract';

describeBusContract('embedded', async () => new EmbeddedBus());

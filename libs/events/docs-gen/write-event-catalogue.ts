import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventCatalogue } from '../src/catalogue-markdown';

const target = join(__dirname, '..', '..', '..', 'docs', 'events.md');
writeFileSync(target, renderEventCatalogue());
process.stdout.write(`wrote ${target}\n`);

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES, renderEventCatalogue } from '../src';

describe('docs/events.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'events.md'), 'utf8');

  it('is the catalogue rendered from the schemas (run `npm run docs:events` after changing one)', () => {
    expect(doc).toBe(renderEventCatalogue());
  });

  it('describes every event type', () => {
    for (const type of EVENT_TYPES) expect(doc).toContain(`### ${type}`);
  });
});

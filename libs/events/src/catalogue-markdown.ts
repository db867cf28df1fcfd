import { z } from 'zod';
import { catalogue, EVENT_TYPES } from './catalogue';
import { EnvelopeHeader } from './envelope';
import { upcasters } from './upcasting/upcasters';
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, MAX_EVENT_BYTES } from './codec/limits';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  pattern?: string;
  default?: unknown;
  description?: string;
};

// docs/events.md is this function's output; a test fails when the two differ.
export function renderEventCatalogue(): string {
  const lines = [
    '# Event catalogue',
    '',
    '<!-- Generated from libs/events/src/catalogue.ts by `npm run docs:events`; a test checks it is current. -->',
    '',
    'Every event travels in an envelope; events of one session travel in batches (one broker message each).',
    '',
    '## Envelope',
    '',
    ...fieldTable(toJson(EnvelopeHeader)),
    "| `payload` | object | yes | the type's payload, below |",
    '',
    `Limits: an event is at most ${MAX_EVENT_BYTES} bytes of JSON (the agent splits larger terminal output); a batch at most ${MAX_BATCH_BYTES} bytes and ${MAX_BATCH_EVENTS} events.`,
    '',
    'Wire format of a batch: `{"batch":1,"sessionId":"…","events":[…]}` (content type `application/vnd.backtrack.batch+json; version=1`).',
    '',
    '## Types',
    '',
    '| type | version | meaning |',
    '| --- | --- | --- |',
    ...EVENT_TYPES.map(
      (type) =>
        `| [\`${type}\`](#${type.replace(/\./g, '')}) | ${catalogue[type].v} | ${catalogue[type].about} |`,
    ),
    '',
  ];
  for (const type of EVENT_TYPES) {
    const entry = catalogue[type];
    lines.push(`### ${type}`, '', `${entry.about} Current version: ${entry.v}.`, '');
    lines.push(...fieldTable(toJson(entry.schema)), '');
    for (const step of upcasters[type] ?? []) {
      lines.push(
        `Older version: v${step.from} is read and lifted to v${step.from + 1} on decode.`,
        '',
      );
    }
  }
  return lines.join('\n');
}

function toJson(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function fieldTable(schema: JsonSchema, prefix = ''): string[] {
  const rows = prefix ? [] : ['| field | type | required | notes |', '| --- | --- | --- | --- |'];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    const required = schema.required?.includes(name) ? 'yes' : 'no';
    rows.push(`| \`${path}\` | ${typeName(field)} | ${required} | ${notes(field)} |`);
    const nested = field.type === 'array' ? field.items : field;
    if (nested?.properties)
      rows.push(...fieldTable(nested, `${path}${field.type === 'array' ? '[]' : ''}.`));
  }
  return rows;
}

function typeName(field: JsonSchema): string {
  if (field.anyOf) return field.anyOf.map(typeName).join(' or ');
  if (field.enum) return 'enum';
  if (field.type === 'array') return `${field.items ? typeName(field.items) : 'any'}[]`;
  return Array.isArray(field.type) ? field.type.join(' or ') : (field.type ?? 'any');
}

function notes(field: JsonSchema): string {
  const parts: string[] = field.description ? [field.description] : [];
  if (field.enum) parts.push(field.enum.map((v) => `\`${String(v)}\``).join(', '));
  if (field.default !== undefined) parts.push(`default \`${JSON.stringify(field.default)}\``);
  return parts.join('; ');
}

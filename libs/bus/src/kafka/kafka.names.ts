// Kafka names topics and groups with [a-zA-Z0-9._-] only, at most 249 characters.
const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;
const LONGEST_SUFFIX = '.events.dead';
const MAX_TOPIC_LENGTH = 249;

export interface KafkaNames {
  namespace: string;
  events: string;
  dead: string;
  group(name: string): string;
  // A group of one for an ephemeral subscriber; `id` is unique to the subscription.
  ephemeralGroup(name: string, id: string): string;
  deadLetterReader(group: string): string;
}

export function kafkaNames(namespace: string): KafkaNames {
  assertLegalName('namespace', namespace);
  if (namespace.length + LONGEST_SUFFIX.length > MAX_TOPIC_LENGTH) {
    throw new Error(
      `kafka bus: namespace is ${namespace.length} characters; at most ${MAX_TOPIC_LENGTH - LONGEST_SUFFIX.length} fit a topic name`,
    );
  }
  return {
    namespace,
    events: `${namespace}.events`,
    dead: `${namespace}.events.dead`,
    group: (name) => `${namespace}.${legal('group', name)}`,
    ephemeralGroup: (name, id) => `${namespace}.ephemeral.${legal('group', name)}.${id}`,
    deadLetterReader: (group) => `${namespace}.${legal('group', group)}.dead-reader`,
  };
}

export function assertLegalName(what: string, value: unknown): void {
  if (typeof value !== 'string' || !LEGAL_NAME.test(value)) {
    throw new Error(
      `kafka bus: ${what} ${JSON.stringify(value)} must be a non-empty string of letters, digits, '.', '_' or '-'`,
    );
  }
}

function legal(what: string, value: string): string {
  assertLegalName(what, value);
  return value;
}

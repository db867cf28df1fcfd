import { gatewayConfigFromEnv } from './gateway-config';

const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/backtrack' };

describe('the settings of backtrack-gateway serve', () => {
  it('take the shared broker, the port and the replay service from the environment', () => {
    const config = gatewayConfigFromEnv({
      ...base,
      BACKTRACK_BUS: 'kafka://127.0.0.1:9092',
      PORT: '8080',
      BACKTRACK_REPLAY_URL: 'http://127.0.0.1:7071',
    });
    expect(config).toMatchObject({ busUrl: 'kafka://127.0.0.1:9092', port: 8080 });
    expect(config.replayUrl?.origin).toBe('http://127.0.0.1:7071');
  });

  it('refuse to accept events into a bus no other process can read', () => {
    for (const bus of [undefined, 'memory://'])
      expect(() =>
        gatewayConfigFromEnv({ ...base, ...(bus ? { BACKTRACK_BUS: bus } : {}) }),
      ).toThrow(
        /BACKTRACK_BUS must be the broker the services share, .*use `backtrack-gateway start`/,
      );
  });

  it('name the setting that is wrong', () => {
    expect(() => gatewayConfigFromEnv({ BACKTRACK_BUS: 'amqp://x' })).toThrow(
      /DATABASE_URL is not set/,
    );
    expect(() =>
      gatewayConfigFromEnv({ ...base, BACKTRACK_BUS: 'amqp://x', PORT: 'eighty' }),
    ).toThrow('PORT must be a port number (got "eighty")');
  });
});

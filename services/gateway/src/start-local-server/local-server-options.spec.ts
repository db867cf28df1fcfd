import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { localServerOptions } from './local-server-options';

describe('the options of backtrack-gateway start', () => {
  it('keep data in $BACKTRACK_HOME/data, else ~/.backtrack/data, on 127.0.0.1:7070', () => {
    expect(localServerOptions({}, { BACKTRACK_HOME: '/srv/bt' })).toEqual({
      dataDir: '/srv/bt/data',
      port: 7070,
      host: '127.0.0.1',
    });
    expect(localServerOptions({}, {}).dataDir).toBe(join(homedir(), '.backtrack', 'data'));
  });

  it('take the folder, port and address given, the port 0 meaning any free one', () => {
    expect(
      localServerOptions({ data: 'here', port: '0', host: '0.0.0.0' }, { BACKTRACK_HOME: '/srv' }),
    ).toEqual({ dataDir: resolve('here'), port: 0, host: '0.0.0.0' });
  });

  it('name the flag that is wrong', () => {
    expect(() => localServerOptions({ port: '70000' }, {})).toThrow(
      '--port must be a port number from 0 to 65535 (got "70000")',
    );
    expect(() => localServerOptions({ port: '-1' }, {})).toThrow('--port must be a port number');
    expect(() => localServerOptions({ data: ' ' }, {})).toThrow('--data must name a folder');
    expect(() => localServerOptions({ host: '' }, {})).toThrow('--host must name an address');
  });
});

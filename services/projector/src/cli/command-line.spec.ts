import { parseCommandLine } from './command-line';

describe('the backtrack-projector command line', () => {
  it('run by default', () => {
    expect(parseCommandLine([])).toEqual({ command: 'run' });
  });

  it('take rebuild and dead-letters options in either form', () => {
    expect(parseCommandLine(['rebuild', '--chunk', '100'])).toEqual({
      command: 'rebuild',
      chunkSize: 100,
    });
    expect(parseCommandLine(['rebuild'])).toEqual({ command: 'rebuild', chunkSize: 5000 });
    expect(parseCommandLine(['dead-letters', '--json', '--limit=5', '--source', 'bus'])).toEqual({
      command: 'dead-letters',
      limit: 5,
      json: true,
      source: 'bus',
    });
  });

  it('say what is wrong with a bad command line', () => {
    expect(() => parseCommandLine(['rebuidl'])).toThrow('unknown command "rebuidl"');
    expect(() => parseCommandLine(['dead-letters', '--limit', 'ten'])).toThrow(
      '--limit must be a positive integer (got "ten")',
    );
    expect(() => parseCommandLine(['dead-letters', '--limit'])).toThrow('--limit needs a value');
    expect(() => parseCommandLine(['dead-letters', '--source', 'kafka'])).toThrow(
      '--source must be bus or projector (got "kafka")',
    );
    expect(() => parseCommandLine(['migrate', '--revert'])).toThrow('migrate: unexpected --revert');
  });
});

import { quoteCommand, splitCommand } from './shell-words';

describe('command lines between argv and one string', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(quoteCommand(['npm', 'run', 'test:unit', '--', '-t=a/b'])).toBe(
      'npm run test:unit -- -t=a/b',
    );
    expect(quoteCommand(['sh', '-c', "echo 'hi' $HOME", ''])).toBe(
      `sh -c 'echo '\\''hi'\\'' $HOME' ''`,
    );
  });

  it('splits what it quoted back into the same argv', () => {
    const argvs = [
      ['bash'],
      ['sh', '-c', 'echo \'hi\' "there" $HOME; exit 3'],
      ['printf', '%s\\n', 'héllo wörld ✓', ''],
      ['a b', "it's", '\t', 'back\\slash'],
    ];
    for (const argv of argvs) expect(splitCommand(quoteCommand(argv))).toEqual(argv);
  });

  it('reads command strings as asciinema users write them', () => {
    expect(splitCommand('  vim  "my file.txt" ')).toEqual(['vim', 'my file.txt']);
    expect(splitCommand('echo "a \\"b\\" \\$c" d\\ e')).toEqual(['echo', 'a "b" $c', 'd e']);
    expect(splitCommand("echo 'unclosed rest")).toEqual(['echo', 'unclosed rest']);
    expect(splitCommand('')).toEqual([]);
  });
});

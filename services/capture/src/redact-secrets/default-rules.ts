import type { RedactionRule } from './redaction-rule';

// Building blocks, kept as source strings so each rule reads as one line of regex. Every pattern starts with a
// literal and checks what precedes it in a lookbehind AFTER that literal: a leading lookbehind would be tried at every
// position of the text, 50x slower (see bench/redact.bench.ts).
// A token starts at a word boundary, or right after an ANSI colour code such as `\x1b[32m`.
const START = String.raw`(?:(?<![A-Za-z0-9_])|(?<=\x1b\[[0-9;?]*[A-Za-z]))`;
const END = String.raw`(?![A-Za-z0-9_])`;
const token = (prefix: string, body: string, end = END) =>
  String.raw`(?:${prefix})(?<=${START}(?:${prefix}))${body}${end}`;
// Colour codes that highlighters (jq, bat, yq) put between a key, its `:` and its value.
const ANSI = String.raw`(?:\x1b\[[0-9;]*m)*`;
const ASSIGN = String.raw`["'\x60]?${ANSI}[ \t]*${ANSI}(?::=|=>|[:=](?!=))${ANSI}[ \t]*${ANSI}["'\x60]?`;
// Values that name a secret instead of containing one: `$TOKEN`, `${{ secrets.X }}`, `null`, `string` (TS types), calls.
const PLACEHOLDER = String.raw`(?!(?:null|nil|none|undefined|true|false|string|str|number|int|bool|boolean|bytes|any|await|new|function|this|self)(?![\w-])|\$|%\w+%|\{\{|<[\w .-]*>|\*{3,}|x{4,}(?![\w-])|\[REDACTED|(?:this|self|process|os|env|config|settings|options|opts|params|req|request|ctx|props)\.|[A-Za-z_$][\w$.]*\()`;
// Source code that is `cat`: an unquoted identifier is a variable, not a secret, when code follows it
// (`password: urlPassword,`, `token: Type<T>`, `privateKey: CryptoKey;`), as is a member path (`this.token`) or an
// enum number (`CommaToken = 28,`). Config values (`password: hunter2`, `Pwd=x;`) are still hidden.
const IDENT = String.raw`[A-Za-z_$][\w$]*`;
const CODE = String.raw`(?!${IDENT}[,)<\]]|(?<=:[ \t]*)${IDENT};|${IDENT}(?:\.${IDENT})+(?![^\s,;)\]}])|\d{1,3}(?![^\s,;)\]}]))`;
// The value after the quote that opened it runs to the closing quote (or the end of the line); unquoted it runs to
// whitespace and does not end on `,;)]}` (JSON and call syntax around it).
const VALUE = String.raw`(?<secret>${PLACEHOLDER}(?:(?<=")(?:[^"\\\r\n\x1b]|\\.)+|(?<=')[^'\r\n\x1b]+|(?<=\x60)[^\x60\r\n\x1b]+|(?<!["'\x60])(?![{[(])${CODE}[^\s"'\x60\x1b&]*[^\s"'\x60\x1b&,;)\]}]))`;
// Key names are matched as the END of an identifier: `DB_PASSWORD`, `clientSecret`, but not `tokenizer` or `secretName`.
// `pwd` is skipped before a path: `PWD=/home/dev` in `env` output is the working directory.
const SECRET_KEY_NAMES = String.raw`(?:pass(?:word|wd|phrase)|pwd(?!["']?[ \t]*[:=][ \t]*["']?[/~])|secret|token|auth|(?:api|access|secret|private|account|signing|encryption|client|master)[_-]?key(?:_base)?)`;
// The assignment rule runs on every chunk, so it starts at the operator and looks back for the key name: first a
// cheap test of the name's last letters, then the full name.
const KEY_NAME_ENDS = String.raw`(?:word|wd|phrase|secret|token|auth|key|base)["'\x60]?(?:\x1b\[[0-9;]*m){0,3}[ \t]*(?:\x1b\[[0-9;]*m){0,3}[:=]`;
// A key inside a URL's user part (`https://x-access-token:...@host`) is left to url-credentials.
const ASSIGNMENT = String.raw`[:=](?<=${KEY_NAME_ENDS})(?<=(?<!\/\/[\w.-]*)${SECRET_KEY_NAMES}["'\x60]?${ANSI}[ \t]*${ANSI}[:=])(?:(?<=:)=|(?<==)>|(?<=:)(?!=)|(?<==)(?![=>]))${ANSI}[ \t]*${ANSI}["'\x60]?${VALUE}`;
const AUTH_SCHEME = String.raw`(?:bearer|basic|token|digest|negotiate|ntlm|apikey)`;
// A header (`Proc-Type: 4,ENCRYPTED`) is tried before base64 and the last line takes its `\r`, so a block cut short
// by a chunk boundary still matches up to the very end of the chunk (the stream redactor then waits for more).
const PEM_LINE = String.raw`[ \t]*(?:[A-Za-z][A-Za-z0-9-]*:[^\r\n]*|[A-Za-z0-9+/=]+)?[ \t]*`;

const rule = (
  name: string,
  source: string,
  keywords: string[],
  flags = '',
  maxLength?: number,
): RedactionRule => ({
  name,
  pattern: new RegExp(source, flags),
  keywords,
  ...(maxLength ? { maxLength } : {}),
});

// Order matters only when two rules hide the same text: the earlier (more specific) name is reported.
export const DEFAULT_RULES: readonly RedactionRule[] = [
  // Only the body is hidden; a block cut short (e.g. `head key.pem`) is hidden up to where it stops.
  rule(
    'private-key',
    String.raw`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?<secret>(?:${PEM_LINE}\r*\n)*${PEM_LINE}\r*)(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)?`,
    ['PRIVATE KEY'],
    '',
    32 * 1024,
  ),
  rule('aws-access-key', token('A(?:KIA|SIA)', '[A-Z0-9]{16}'), ['AKIA', 'ASIA']),
  rule(
    'aws-secret-key',
    String.raw`secret_?access_?key${ASSIGN}(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`,
    ['secret_access_key', 'secretaccesskey'],
    'i',
  ),
  rule(
    'github-token',
    token('gh[pousr]_|github_pat_', '(?:(?<=_)[A-Za-z0-9]{36,251}|(?<=pat_)[A-Za-z0-9_]{22,247})'),
    ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  ),
  rule('gitlab-token', token('gl(?:pat|dt|rt|ptt|soat|cbt)-', '[A-Za-z0-9_-]{20,}', '(?![\\w-])'), [
    'glpat-',
    'gldt-',
    'glrt-',
    'glptt-',
    'glsoat-',
    'glcbt-',
  ]),
  rule('slack-token', token('xox[abeoprs]', '(?:\\.xox[bp])?-[A-Za-z0-9-]{10,}', '(?![\\w-])'), [
    'xox',
  ]),
  rule(
    'slack-webhook',
    String.raw`hooks\.slack\.com/(?:services|workflows|triggers)/(?<secret>[A-Za-z0-9_/-]{20,})`,
    ['hooks.slack.com/'],
  ),
  // Publishable keys (pk_live_, pk_test_) are meant to ship in web pages: not redacted.
  rule(
    'stripe-key',
    token(
      '[sr]k_(?:live|test)_|whsec_',
      '(?:(?<=[et]_)[A-Za-z0-9]{16,247}|(?<=whsec_)[A-Za-z0-9+/=]{24,})',
    ),
    ['k_live_', 'k_test_', 'whsec_'], // shorter keywords scan faster; the pattern checks the rest
  ),
  rule('google-api-key', token('AIza', '[0-9A-Za-z_-]{35}', '(?![\\w-])'), ['AIza']),
  rule('npm-token', token('npm_', '[A-Za-z0-9]{36}'), ['npm_']),
  rule(
    'anthropic-key',
    token('sk-ant-', '(?:api|admin|oat|ort)\\d{2}-[A-Za-z0-9_-]{32,}', '(?![\\w-])'),
    ['sk-ant-'],
  ),
  // `sk-` then 32+ letters and digits with no dash: random, unlike words such as `sk-learn`.
  rule(
    'openai-key',
    token('sk-', '(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,}|[A-Za-z0-9]{32,})', '(?![\\w-])'),
    ['sk-'],
  ),
  rule(
    'jwt',
    token('eyJ', '[A-Za-z0-9_-]{8,}(?:\\.[A-Za-z0-9_-]{8,}){2,4}', '(?![\\w-])'),
    ['eyJ'],
    '',
    16 * 1024,
  ),
  rule(
    'authorization-header',
    String.raw`authorization(?<=(?<![\w-])(?:proxy-)?authorization)["']?${ANSI}[ \t]*[:=][ \t]*${ANSI}["'\x60]?(?:${AUTH_SCHEME}[ \t]+)?(?<secret>(?!\$|\{\{|<[\w .-]*>|${AUTH_SCHEME}(?![^\s"'])|\[REDACTED)[^\s"'\x60\x1b,;]+)`,
    ['authorization'],
    'i',
  ),
  rule(
    'bearer-token',
    String.raw`bearer(?<=(?<![\w-])bearer)[ \t]+(?<secret>[A-Za-z0-9._~+/-]{16,}=*)(?![\w.~+/=-])`,
    ['bearer'],
    'i',
  ),
  // Keeps the user: `https://deploy:[REDACTED:url-credentials]@git.example.com`.
  rule(
    'url-credentials',
    String.raw`://(?<=[A-Za-z0-9]://)[^\s/?#@:"'<>\x1b]*:(?<secret>[^\s/?#@"'<>\x1b]+)@(?=[\w[])`,
    [],
  ),
  // `--password x`, `--token=x`; not `--password-file x`, and never `-p` (too ambiguous).
  rule(
    'secret-flag',
    String.raw`--(?<=(?<![\w-])--)(?:[\w-]*[_-])?(?:pass(?:word|wd|phrase)|pwd|secret|token|(?:api|access|secret|private|client)[_-]?key)(?:=|[ \t]+(?!-))["'\x60]?${VALUE}`,
    [],
    'i',
  ),
  rule('assignment', ASSIGNMENT, [], 'i'),
];

export const DEFAULT_RULE_NAMES: readonly string[] = DEFAULT_RULES.map((r) => r.name);

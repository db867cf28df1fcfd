// One name for a repository whatever the clone URL: `git@github.com:acme/shop.git` and
// `https://user:pw@github.com/acme/shop` both become `github.com/acme/shop`; credentials never leave the machine.
export function normalizeRemoteUrl(url: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === '') return undefined;
  const scpLike = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(trimmed);
  let hostAndPath: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    const withoutScheme = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const slash = withoutScheme.indexOf('/');
    const authority = slash === -1 ? withoutScheme : withoutScheme.slice(0, slash);
    const path = slash === -1 ? '' : withoutScheme.slice(slash);
    const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:\d+$/, '');
    hostAndPath = host + path;
  } else if (scpLike && !trimmed.startsWith('/') && !trimmed.startsWith('.')) {
    hostAndPath = `${scpLike[1]}/${scpLike[2]}`;
  } else {
    hostAndPath = trimmed;
  }
  const normalized = hostAndPath
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .replace(/\/{2,}/g, '/');
  return normalized === '' ? undefined : normalized;
}

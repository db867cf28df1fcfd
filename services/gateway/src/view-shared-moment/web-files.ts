import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Same relative path from src/ and dist/: the page's files are served as committed, never built.
const WEB_DIR = join(__dirname, '..', '..', 'web');

interface WebFile {
  path: string;
  contentType: string;
}

// Every file the share page loads, by the name it is served under (/assets/NAME); nothing else is served.
const ASSETS: Record<string, WebFile> = {
  'xterm.js': {
    path: require.resolve('@xterm/xterm/lib/xterm.js'),
    contentType: 'text/javascript; charset=utf-8',
  },
  'xterm.css': {
    path: require.resolve('@xterm/xterm/css/xterm.css'),
    contentType: 'text/css; charset=utf-8',
  },
  'share-player.js': {
    path: join(WEB_DIR, 'share-player.js'),
    contentType: 'text/javascript; charset=utf-8',
  },
  'share-player.css': {
    path: join(WEB_DIR, 'share-player.css'),
    contentType: 'text/css; charset=utf-8',
  },
};

const cache = new Map<string, Buffer>();

function read(path: string): Buffer {
  let content = cache.get(path);
  if (!content) {
    content = readFileSync(path);
    cache.set(path, content);
  }
  return content;
}

export function webAsset(name: string): { content: Buffer; contentType: string } | undefined {
  const file = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
  return file && { content: read(file.path), contentType: file.contentType };
}

export function webPage(name: 'share-page.html' | 'share-error.html'): string {
  return read(join(WEB_DIR, name)).toString('utf8');
}

// Reads a V8 .cpuprofile (node --cpu-prof) and tells where the time went: by package, and the costliest functions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function summarizeCpuProfiles(dir: string, top = 15): string[] {
  const files = readdirSync(dir).filter((file) => file.endsWith('.cpuprofile'));
  const lines: string[] = [];
  for (const file of files) {
    const selfMs = selfTimes(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile);
    const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
    const share = (ms: number) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
    lines.push(`profile ${join(dir, file)} (${(total / 1000).toFixed(1)} s sampled)`);
    const byPackage = new Map<string, number>();
    for (const [frame, ms] of selfMs) {
      const name = packageOf(frame.split('|')[1]!, frame.split('|')[0]!);
      byPackage.set(name, (byPackage.get(name) ?? 0) + ms);
    }
    lines.push('  self time by package:');
    for (const [name, ms] of sortedDesc(byPackage).slice(0, top))
      lines.push(`    ${share(ms)}  ${name}`);
    lines.push('  costliest functions (self time):');
    for (const [frame, ms] of sortedDesc(selfMs).slice(0, top)) {
      const [name, url, line] = frame.split('|');
      lines.push(`    ${share(ms)}  ${name || '(anonymous)'}  ${shortUrl(url!)}:${line}`);
    }
  }
  return lines;
}

function selfTimes(profile: Profile): Map<string, number> {
  const frames = new Map(
    profile.nodes.map((node) => {
      const { functionName, url, lineNumber } = node.callFrame;
      return [node.id, `${functionName}|${url}|${lineNumber + 1}`];
    }),
  );
  const selfMs = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = frames.get(id)!;
    selfMs.set(frame, (selfMs.get(frame) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return selfMs;
}

function packageOf(url: string, functionName: string): string {
  if (url === '')
    return /^\((garbage collector|idle|program|root)\)$/.test(functionName)
      ? functionName
      : '(native code or regexp)';
  if (url.startsWith('node:')) return 'node internals';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  const ours = /\/(libs|services)\/([^/]+)\//.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|libs|services)\//, '$1/');
}

const sortedDesc = (map: Map<string, number>) => [...map.entries()].sort((a, b) => b[1] - a[1]);

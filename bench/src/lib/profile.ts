import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: an npm package, a workspace file, a node: module or the VM itself. */
function origin(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const own = /\/(protocol|engine|server|bench)\/src\/(.+)$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  return url.startsWith('node:') ? url : url.slice(-50);
}

const top = (m: Map<string, number>, total: number, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, us]) => `  ${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
    );

/**
 * Self time by origin and by function, plus inclusive time of the main command path, from the largest
 * .cpuprofile in `dir` (the server's main thread). Wall-clock samples: time blocked in fsync or
 * waiting for a CPU is charged to the function that was running (e.g. better-sqlite3's transaction).
 */
export function summarizeProfile(dir: string): string {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  const file = files[0];
  if (!file) return `no .cpuprofile in ${dir}`;
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  for (const [i, id] of p.samples.entries()) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));

  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    total += us;
    const cf = byId.get(id)?.callFrame;
    if (!cf) continue;
    const o = origin(cf.url, cf.functionName);
    byOrigin.set(o, (byOrigin.get(o) ?? 0) + us);
    const fn = `${cf.functionName || '(anonymous)'} ${o}:${cf.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const seen = new Set<string>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x)?.callFrame;
      if (!f?.url.includes('/src/') || f.url.includes('node_modules')) continue;
      const key = `${f.functionName || '(anonymous)'} ${origin(f.url, f.functionName)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  return [
    `CPU profile ${file} (${(total / 1000).toFixed(0)} ms sampled)`,
    'self time by origin:',
    ...top(byOrigin, total, 12),
    'self time by function:',
    ...top(byFunction, total, 15),
    'inclusive time, workspace code:',
    ...top(inclusive, total, 15),
  ].join('\n');
}

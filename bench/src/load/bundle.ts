import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ROOT } from '../lib/proc.js';

/**
 * The load run's server entry bundled as server/bundle.mjs bundles `npm start`'s (plain Node, no
 * TypeScript loader, npm dependencies external), so that its memory and speed are production's: the
 * loader alone adds some 40 MB. Returns the bundle's path and a function that removes it.
 */
export async function bundleServerEntry(): Promise<{ entry: string; remove: () => void }> {
  // inside the repository, so that the external dependencies resolve from node_modules
  const dir = join(ROOT, 'bench', 'dist', `load-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const requireHere = createRequire(join(dir, 'x.mjs'));
  const external = new Set<string>();
  for (const pkg of ['server', 'hardware', 'engine', 'protocol']) {
    const json = JSON.parse(readFileSync(join(ROOT, pkg, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(json.dependencies ?? {})) {
      if (dep.startsWith('@talon/')) continue;
      try {
        requireHere.resolve(`${dep}/package.json`);
        external.add(dep);
      } catch {
        // only in a workspace's own node_modules: bundled
      }
    }
  }
  const entry = join(dir, 'server.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./server-entry.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: entry,
    external: [...external],
    banner: {
      js: "import { createRequire as __talonRequire } from 'node:module'; const require = __talonRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return { entry, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

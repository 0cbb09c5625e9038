/**
 * Build step (not part of the app): bundles the shell into desktop/dist for electron-builder.
 * main.js is ESM, preload.cjs is CommonJS because a sandboxed preload cannot be a module.
 * Only `electron` and Node's built-ins stay external, so the package carries no node_modules
 * and no native module can slip in. Run: `npm run bundle -w desktop`.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function bundleShell(outdir: string): Promise<{ main: Metafile; preload: Metafile }> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    external: ['electron'],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  };
  const [main, preload] = await Promise.all([
    build({ ...common, entryPoints: [join(SRC, 'main.ts')], format: 'esm', outfile: join(outdir, 'main.js') }),
    build({ ...common, entryPoints: [join(SRC, 'preload.ts')], format: 'cjs', outfile: join(outdir, 'preload.cjs') }),
  ]);
  if (!main.metafile || !preload.metafile) throw new Error('esbuild returned no metafile');
  return { main: main.metafile, preload: preload.metafile };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(SRC, '..', 'dist');
  await bundleShell(out);
  console.log(`bundled the shell into ${out}`);
}

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { brotliDecompress } from 'node:zlib';
import { type Browser, chromium } from 'playwright-core';

const brotliDecompressAsync = promisify(brotliDecompress);

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

interface ResolvedChromium {
  executablePath: string;
  /** Extra variables for the browser process only; never written to process.env so other child processes are unaffected. */
  env?: Record<string, string>;
}

// A promise rather than a value, so concurrent callers in one worker share a single extraction.
let resolved: Promise<ResolvedChromium> | undefined;

function resolveChromium(): Promise<ResolvedChromium> {
  resolved ??= locateChromium().catch((error: unknown) => {
    resolved = undefined;
    throw error;
  });
  return resolved;
}

export async function chromiumExecutable(): Promise<string> {
  return (await resolveChromium()).executablePath;
}

export async function launchBrowser(options: { autoplay?: boolean } = {}): Promise<Browser> {
  const { executablePath, env } = await resolveChromium();
  const args = options.autoplay ? [...BASE_ARGS, '--autoplay-policy=no-user-gesture-required'] : BASE_ARGS;
  return chromium.launch({
    executablePath,
    headless: true,
    args,
    ...(env ? { env: { ...process.env, ...env } } : {}),
  });
}

async function locateChromium(): Promise<ResolvedChromium> {
  // One browser on every machine: the npm package's, unless TALON_CHROMIUM names another. A system
  // Chromium is never picked up silently, or a green run here would not be a newcomer's.
  const fromEnv = process.env.TALON_CHROMIUM;
  if (fromEnv) return { executablePath: fromEnv };
  // Vitest runs test files in parallel processes, and @sparticuz/chromium writes straight to
  // $TMPDIR/chromium: without a lock a second worker sees the half-written file and launches it.
  return withExtractionLock(extractSparticuzChromium);
}

async function extractSparticuzChromium(): Promise<ResolvedChromium> {
  // The package's exports map hides package.json and bin/, so walk up from the CJS entry.
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const packageRoot = join(dirname(entry), '..', '..');
  const { version } = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as { version: string };

  // executablePath() trusts any existing $TMPDIR/chromium, so a binary truncated by a killed run
  // or left by another package version would be reused forever; the marker records a finished extraction.
  const marker = join(tmpdir(), 'talon-chromium.version');
  const markedVersion = await readFile(marker, 'utf8').catch(() => undefined);
  if (markedVersion !== version) {
    await Promise.all([
      rm(join(tmpdir(), 'chromium'), { force: true }),
      rm(join(tmpdir(), 'libGLESv2.so'), { force: true }),
      rm(join(tmpdir(), 'al2023'), { force: true, recursive: true }),
    ]);
  }

  const { default: Sparticuz } = await import('@sparticuz/chromium');
  const executablePath = await Sparticuz.executablePath();
  const env: Record<string, string> = {};

  if (missingSharedLibraries(executablePath)) {
    // The binary links only glibc plus NSS/NSPR/expat; the package ships Amazon Linux copies of those
    // but unpacks them (and sets LD_LIBRARY_PATH process-wide) only on Lambda, Vercel or CodeBuild.
    const libDir = join(tmpdir(), 'al2023', 'lib');
    if (!existsSync(libDir)) await untarBrotli(join(packageRoot, 'bin', 'al2023.tar.br'), join(tmpdir(), 'al2023'));
    env.LD_LIBRARY_PATH = [libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    if (missingSharedLibraries(executablePath, env)) {
      throw new Error(`${executablePath} still misses shared libraries with LD_LIBRARY_PATH=${env.LD_LIBRARY_PATH}`);
    }
  }

  // Without any fontconfig setup pages render no glyphs at all (zero-width text); fall back to the
  // Open Sans that executablePath() just unpacked. The package's own fonts.conf hard-codes /tmp/fonts,
  // which is not where the fonts are when TMPDIR is another folder (as on CI), so write one that points there.
  if (!existsSync('/etc/fonts/fonts.conf') && !process.env.FONTCONFIG_PATH && !process.env.FONTCONFIG_FILE) {
    env.FONTCONFIG_FILE = await writeFontconfig();
  }

  await writeFile(marker, version);
  return Object.keys(env).length > 0 ? { executablePath, env } : { executablePath };
}

async function writeFontconfig(): Promise<string> {
  const file = join(tmpdir(), 'talon-fonts.conf');
  const xml = (path: string) => path.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  await writeFile(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
      `  <dir>${xml(join(tmpdir(), 'fonts'))}</dir>\n  <cachedir>${xml(join(tmpdir(), 'fonts-cache'))}</cachedir>\n` +
      `</fontconfig>\n`,
  );
  return file;
}

function missingSharedLibraries(executablePath: string, env?: Record<string, string>): boolean {
  const probe = spawnSync(executablePath, ['--version'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  if (probe.status === 0) return false;
  if (/error while loading shared libraries/.test(probe.stderr)) return true;
  throw new Error(`${executablePath} --version failed (${probe.status ?? probe.signal}): ${probe.stderr}`);
}

// System tar, because the package's own tar extractor is not exported.
async function untarBrotli(archive: string, destination: string): Promise<void> {
  await mkdir(destination, { recursive: true });
  const tarball = await brotliDecompressAsync(await readFile(archive));
  const tar = spawn('tar', ['-x', '--no-same-owner', '-C', destination], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  tar.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // GNU tar exits at the end-of-archive marker without reading the zero padding after it, so
  // writing the tail can hit EPIPE; tar's exit status is the real verdict.
  tar.stdin.on('error', () => {});
  tar.stdin.end(tarball);
  const [code] = (await once(tar, 'close')) as [number | null];
  if (code !== 0) throw new Error(`tar -x ${archive} exited with ${code}: ${stderr}`);
}

async function withExtractionLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), 'talon-chromium.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Extraction takes seconds; a lock this old belongs to a killed process and would block every run.
      const since = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (since > 60_000) {
        await rm(lock, { force: true, recursive: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`);
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true, recursive: true });
  }
}

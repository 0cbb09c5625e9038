import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = join(dirname(fileURLToPath(import.meta.url)), 'cli.ts');

/** Runs `npm run sim`'s CLI once per job, `workers` at a time, and parses the one JSON object each prints. */
export async function runPool<T>(jobs: string[][], workers: number, onDone?: (i: number, r: T) => void): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const one = (args: string[]) =>
    new Promise<T>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args, '--json'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      child.stdout.on('data', (b: Buffer) => {
        text += b.toString('utf8');
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`sim ${args.join(' ')} exited with ${code}`));
        try {
          resolve(JSON.parse(text) as T);
        } catch (e) {
          reject(e);
        }
      });
    });
  const lane = async () => {
    for (;;) {
      const i = next++;
      const job = jobs[i];
      if (job === undefined) return;
      out[i] = await one(job);
      onDone?.(i, out[i] as T);
    }
  };
  const n = Math.max(1, Math.min(workers, jobs.length));
  await Promise.all(Array.from({ length: n }, lane));
  return out;
}

export const defaultWorkers = () => Math.max(1, Math.min(2, availableParallelism()));

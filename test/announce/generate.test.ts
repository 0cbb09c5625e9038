import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadVoiceLibrary } from '../../server/src/announce/library.js';
import { decodeWav } from '../../server/src/announce/wav.js';
import { REPO_ROOT } from '../support/process.js';

const has = (tool: string) => spawnSync(tool, ['--version']).status === 0;
const tools = has('espeak-ng') && has('sox');

// The library is committed; only a machine with espeak-ng and sox (apt-get install espeak-ng sox) can remake it.
describe.skipIf(!tools)('voice library generator (needs espeak-ng and sox)', () => {
  it('makes files in the committed library’s format, trimmed, that the server reads', () => {
    const out = mkdtempSync(join(tmpdir(), 'talon-voice-test-'));
    try {
      const ids = ['chime', 'talon', 'n12', 'letter-be', 'letter-i'];
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/voice/generate.ts', '--out', out, '--only', ids.join(',')],
        { cwd: REPO_ROOT, encoding: 'utf8' },
      );
      expect(r.status, r.stderr).toBe(0);
      const committed = loadVoiceLibrary();
      for (const id of ids) {
        const pcm = decodeWav(readFileSync(join(out, `${id}.wav`)));
        expect(pcm.sampleRate, id).toBe(committed.sampleRate);
        expect(pcm.channels, id).toBe(1);
        const ms = (pcm.samples.length / pcm.sampleRate) * 1000;
        expect(ms, id).toBeGreaterThan(100);
        // trimmed: sound within the first 30 ms
        const head = pcm.samples.subarray(0, Math.round(pcm.sampleRate * 0.03));
        expect(Math.max(...head.map(Math.abs)), `${id} starts with sound`).toBeGreaterThan(300);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

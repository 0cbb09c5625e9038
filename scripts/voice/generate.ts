/**
 * Generates the announcement voice library `server/assets/voice/ru/<id>.wav` — once, on a developer's
 * machine; the files are committed so that `npm start` and `npm test` need no speech engine.
 *
 *   apt-get install -y espeak-ng sox
 *   npm run voice:generate                       every segment
 *   npm run voice:generate -- --only talon,n12   some segments
 *   npm run voice:generate -- --voice ru+f3 --speed 140 --out /tmp/voice
 *
 * A voice actor's recordings can replace any file: same name, 16-bit PCM WAV, one sample rate and
 * channel count for the whole folder, silence trimmed at both ends (docs/announcements.md).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHIME, VOICE_SEGMENTS } from '../../server/src/announce/inventory.js';
import { DEFAULT_VOICE_DIR } from '../../server/src/announce/library.js';
import { decodeWav, encodeWav } from '../../server/src/announce/wav.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: DEFAULT_VOICE_DIR },
    voice: { type: 'string', default: 'ru' },
    speed: { type: 'string', default: '150' },
    pitch: { type: 'string', default: '45' },
    rate: { type: 'string', default: '22050' },
    only: { type: 'string' },
  },
});
const out = values.out;
const rate = Number(values.rate);

/**
 * espeak-ng reads a lone vowel as a clipped conjunction («и» lasts 40 ms); these letter names are
 * given as stressed long phonemes instead. A recorded voice needs none of this.
 */
const ESPEAK_INPUT: Record<string, string> = {
  'letter-a': "[['A:]]",
  'letter-i': "[['i:]]",
  'letter-o': "[['o:]]",
  'letter-u': "[['u:]]",
  'letter-y': "[['y:]]",
  'letter-e': "[['e:]]",
  'letter-ye': "[[j'e:]]",
  'letter-yo': "[[j'8:]]",
  'letter-yu': "[[j'u:]]",
  'letter-ya': "[[j'a:]]",
};

function need(tool: string, args: string[]) {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    console.error(`${tool} is needed to generate the voice library: apt-get install -y espeak-ng sox`);
    process.exit(1);
  }
}

function run(tool: string, args: string[]) {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
}

/** A two-note «дин-дон» with harmonics and a soft decay, drawn sample by sample. */
function chime(sampleRate: number): Int16Array {
  const notes = [
    { freq: 1318.5, at: 0, len: 0.9 },
    { freq: 1046.5, at: 0.42, len: 1.0 },
  ];
  const total = Math.round(1.45 * sampleRate);
  const mix = new Float64Array(total);
  for (const n of notes) {
    const start = Math.round(n.at * sampleRate);
    const len = Math.round(n.len * sampleRate);
    for (let i = 0; i < len && start + i < total; i++) {
      const t = i / sampleRate;
      const attack = Math.min(1, t / 0.006);
      const env = attack * Math.exp(-t * 4.2);
      const v =
        Math.sin(2 * Math.PI * n.freq * t) +
        0.35 * Math.sin(4 * Math.PI * n.freq * t) +
        0.12 * Math.sin(6 * Math.PI * n.freq * t);
      mix[start + i] = (mix[start + i] ?? 0) + env * v;
    }
  }
  const peak = mix.reduce((m, v) => Math.max(m, Math.abs(v)), 0) || 1;
  // -3 dBFS like the speech, and a short fade-out so the tail ends at zero
  const gain = (Math.SQRT1_2 * 32767) / peak;
  const pcm = new Int16Array(total);
  const fadeOut = Math.round(0.05 * sampleRate);
  for (let i = 0; i < total; i++) {
    const tail = Math.min(1, (total - i) / fadeOut);
    pcm[i] = Math.round((mix[i] ?? 0) * gain * tail);
  }
  return pcm;
}

need('espeak-ng', ['--version']);
need('sox', ['--version']);
mkdirSync(out, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'talon-voice-'));
const only = values.only ? new Set(values.only.split(',')) : null;
let bytes = 0;
let count = 0;
try {
  for (const seg of VOICE_SEGMENTS) {
    if (only && !only.has(seg.id)) continue;
    const file = join(out, `${seg.id}.wav`);
    if (seg.id === CHIME) {
      writeFileSync(file, encodeWav({ sampleRate: rate, channels: 1, samples: chime(rate) }));
    } else {
      const raw = join(tmp, `${seg.id}.raw.wav`);
      run('espeak-ng', [
        '-v',
        values.voice,
        '-s',
        values.speed,
        '-p',
        values.pitch,
        '-w',
        raw,
        ESPEAK_INPUT[seg.id] ?? seg.text,
      ]);
      // mono 16-bit at the library rate; trim silence at both ends (reverse trick); one loudness for all
      run('sox', [
        raw,
        '-r',
        String(rate),
        '-c',
        '1',
        '-b',
        '16',
        file,
        'silence',
        '1',
        '0.01',
        '-45d',
        'reverse',
        'silence',
        '1',
        '0.01',
        '-45d',
        'reverse',
        'gain',
        '-n',
        '-3',
      ]);
    }
    const pcm = decodeWav(readFileSync(file));
    const ms = Math.round((pcm.samples.length / pcm.sampleRate) * 1000);
    bytes += statSync(file).size;
    count++;
    console.log(`${seg.id.padEnd(22)} ${String(ms).padStart(5)} ms  ${seg.text}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${count} segments, ${(bytes / 1024).toFixed(0)} KiB in ${out}`);

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { announcementSegments, isPause, pauseMs } from './grammar.js';
import { VOICE_SEGMENTS } from './inventory.js';
import { DEFAULT_VOICE_DIR, loadVoiceLibrary } from './library.js';
import { AnnouncementRenderer, FADE_MS, WORD_GAP_MS } from './renderer.js';
import { decodeWav, encodeWav, WavError } from './wav.js';

const library = loadVoiceLibrary();
const opts = { numberStyle: 'leading-zeros' as const, chime: true, sayNumberWord: false };

/** 20 ms windows quieter than -50 dBFS in a row, longest run, in ms. */
function longestSilenceMs(samples: Int16Array, sampleRate: number): number {
  const win = Math.round(sampleRate * 0.02);
  let run = 0;
  let longest = 0;
  for (let i = 0; i + win <= samples.length; i += win) {
    let sum = 0;
    for (let j = i; j < i + win; j++) sum += ((samples[j] ?? 0) / 32768) ** 2;
    const db = 10 * Math.log10(sum / win + 1e-12);
    run = db < -50 ? run + 20 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Where `needle` occurs in `hay` at or after `from`, or -1. */
function indexOf(hay: Int16Array, needle: Int16Array, from: number): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('the committed voice library', () => {
  it('has every segment of the inventory, one format, small enough to commit', () => {
    expect(library.sampleRate === 22050 || library.sampleRate === 16000).toBe(true);
    expect(library.channels).toBe(1);
    expect([...library.segments.keys()].sort()).toEqual(VOICE_SEGMENTS.map((s) => s.id).sort());
    const files = readdirSync(DEFAULT_VOICE_DIR).filter((f) => f.endsWith('.wav'));
    const bytes = files.reduce((n, f) => n + statSync(join(DEFAULT_VOICE_DIR, f)).size, 0);
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
  });

  it('has recordings of a sensible length with the silence trimmed at both ends', () => {
    for (const [id, pcm] of library.segments) {
      const ms = (pcm.length / library.sampleRate) * 1000;
      expect(ms, id).toBeGreaterThan(100);
      expect(ms, id).toBeLessThan(id === 'chime' ? 2000 : 1200);
      // the first and last 30 ms hold sound: nothing left to trim
      const edge = Math.round(library.sampleRate * 0.03);
      const peak = (a: Int16Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(peak(pcm.subarray(0, edge)), `${id} start`).toBeGreaterThan(300);
      if (id !== 'chime') expect(peak(pcm.subarray(pcm.length - edge)), `${id} end`).toBeGreaterThan(100);
    }
  });
});

describe('rendered announcement audio', () => {
  const renderer = new AnnouncementRenderer(library);
  const segments = announcementSegments({ number: 'К-012', windowKind: 'window', windowNumber: 3 }, opts);
  const audio = renderer.render(segments);
  const pcm = decodeWav(audio.wav);

  it('is a 16-bit mono WAV at the library rate', () => {
    expect(audio.wav.subarray(0, 4).toString('ascii')).toBe('RIFF');
    expect(pcm.sampleRate).toBe(library.sampleRate);
    expect(pcm.channels).toBe(1);
    expect(audio.wav.readUInt16LE(34)).toBe(16);
  });

  it('lasts exactly its recordings plus its pauses, within sane bounds', () => {
    const spoken = segments.filter((s) => !isPause(s));
    const frames = (ms: number) => Math.round((ms / 1000) * library.sampleRate);
    let expected = 0;
    let prevSpoken = false;
    for (const id of segments) {
      if (isPause(id)) {
        expected += frames(pauseMs(id));
        prevSpoken = false;
      } else {
        expected += (prevSpoken ? frames(WORD_GAP_MS) : 0) + (library.segments.get(id)?.length ?? 0);
        prevSpoken = true;
      }
    }
    expect(spoken).toEqual(['chime', 'talon', 'letter-ka', 'n0', 'n12', 'window', 'n3']);
    expect(pcm.samples.length).toBe(expected);
    const ms = (pcm.samples.length / pcm.sampleRate) * 1000;
    expect(audio.durationMs).toBe(Math.round(ms));
    expect(ms).toBeGreaterThan(2500);
    expect(ms).toBeLessThan(6000);
  });

  it('is measured without mixing to the same key and length the rendering has', () => {
    const fresh = new AnnouncementRenderer(library);
    expect(fresh.measure(segments)).toEqual({ key: audio.key, durationMs: audio.durationMs });
    expect(fresh.cached(audio.key)).toBeUndefined();
    expect(() => fresh.measure(['talon', 'letter-unknown'])).toThrow(/not in the library/);
  });

  it('holds the recordings in the order of the segment list', () => {
    const fade = Math.round((FADE_MS / 1000) * library.sampleRate);
    let at = 0;
    for (const id of segments.filter((s) => !isPause(s))) {
      const rec = library.segments.get(id) as Int16Array;
      // the edges are faded; the inside is copied sample for sample
      const core = rec.subarray(fade, rec.length - fade);
      const found = indexOf(pcm.samples, core, at);
      expect(found, `${id} after sample ${at}`).toBeGreaterThanOrEqual(at);
      at = found + core.length;
    }
  });

  it('has no long silence inside', () => {
    expect(longestSilenceMs(pcm.samples, pcm.sampleRate)).toBeLessThan(600);
  });

  it('renders equal texts once (cache by text) and another text differently', () => {
    const again = renderer.render([...segments]);
    expect(again.key).toBe(audio.key);
    expect(again.wav).toBe(audio.wav);
    const other = renderer.render(
      announcementSegments({ number: 'К-012', windowKind: 'window', windowNumber: 4 }, opts),
    );
    expect(other.key).not.toBe(audio.key);
    expect(renderer.cached(audio.key)?.wav).toBe(audio.wav);
  });

  it('refuses a segment the library does not have', () => {
    expect(() => renderer.render(['talon', 'letter-unknown'])).toThrow(/not in the library/);
  });
});

describe('WAV reader and writer', () => {
  it('round-trips samples and skips chunks it does not know', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const wav = encodeWav({ sampleRate: 16000, channels: 1, samples });
    expect(decodeWav(wav)).toEqual({ sampleRate: 16000, channels: 1, samples });
    // a LIST chunk between fmt and data, as many editors write
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([4, 0, 0, 0]), Buffer.from('INFO')]);
    const withList = Buffer.concat([wav.subarray(0, 36), list, wav.subarray(36)]);
    expect(decodeWav(withList).samples).toEqual(samples);
  });

  it('refuses what it cannot play back correctly', () => {
    expect(() => decodeWav(Buffer.from('not a wav file at all'))).toThrow(WavError);
    const float = encodeWav({ sampleRate: 16000, channels: 1, samples: new Int16Array(4) });
    float.writeUInt16LE(3, 20); // IEEE float
    expect(() => decodeWav(float)).toThrow(/16-bit PCM/);
  });

  it('decodes every library file with the same reader the server uses', () => {
    for (const s of VOICE_SEGMENTS) {
      const pcm = decodeWav(readFileSync(join(DEFAULT_VOICE_DIR, `${s.id}.wav`)));
      expect(pcm.samples.length, s.id).toBe(library.segments.get(s.id)?.length);
    }
  });
});

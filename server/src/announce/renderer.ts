import { createHash } from 'node:crypto';
import { isPause, pauseMs } from './grammar.js';
import type { VoiceLibrary } from './library.js';
import { encodeWav } from './wav.js';

export interface RenderedAudio {
  key: string;
  wav: Buffer;
  durationMs: number;
  segments: readonly string[];
}

export interface RendererOptions {
  /** Silence between two recordings with no explicit pause between them. */
  wordGapMs?: number;
  /** Fade at each recording's edges so that cut recordings do not click. */
  fadeMs?: number;
  /** Rendered announcements kept in memory (≈130 KB each). */
  cacheSize?: number;
}

export const WORD_GAP_MS = 60;
export const FADE_MS = 4;

/** Where each recording landed in a rendering, in samples per channel (for tests and diagnostics). */
export interface Placement {
  id: string;
  start: number;
  length: number;
}

/**
 * Joins recordings and pauses into one WAV per announcement. Pure PCM copying: no speech engine,
 * no ffmpeg. The result depends only on the segment list and the library, so it is cached by both.
 */
export class AnnouncementRenderer {
  private readonly cache = new Map<string, RenderedAudio>();
  private readonly wordGapMs: number;
  private readonly fadeMs: number;
  private readonly cacheSize: number;

  constructor(
    readonly library: VoiceLibrary,
    opts: RendererOptions = {},
  ) {
    this.wordGapMs = opts.wordGapMs ?? WORD_GAP_MS;
    this.fadeMs = opts.fadeMs ?? FADE_MS;
    this.cacheSize = opts.cacheSize ?? 64;
  }

  keyOf(segments: readonly string[]): string {
    return createHash('sha256')
      .update(`${this.library.hash}|${this.wordGapMs}|${this.fadeMs}|${segments.join(' ')}`)
      .digest('hex')
      .slice(0, 24);
  }

  /** A rendering from the cache, if this key was rendered recently. */
  cached(key: string): RenderedAudio | undefined {
    const hit = this.cache.get(key);
    if (hit) {
      // most recently used goes last
      this.cache.delete(key);
      this.cache.set(key, hit);
    }
    return hit;
  }

  render(segments: readonly string[]): RenderedAudio {
    const key = this.keyOf(segments);
    const hit = this.cached(key);
    if (hit) return hit;
    const { samples } = this.mix(segments);
    const { sampleRate, channels } = this.library;
    const out: RenderedAudio = {
      key,
      wav: encodeWav({ sampleRate, channels, samples }),
      durationMs: Math.round((samples.length / channels / sampleRate) * 1000),
      segments: [...segments],
    };
    this.cache.set(key, out);
    while (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return out;
  }

  /**
   * The key and length of an announcement without mixing it: the call is scheduled and broadcast with
   * these, and the WAV itself is rendered when a board asks for it (`render`).
   */
  measure(segments: readonly string[]): { key: string; durationMs: number } {
    const { total } = this.plan(segments);
    return { key: this.keyOf(segments), durationMs: Math.round((total / this.library.sampleRate) * 1000) };
  }

  /** Each recording with the silence before it, and the length of the whole in frames. */
  private plan(segments: readonly string[]) {
    const { sampleRate, channels } = this.library;
    const frames = (ms: number) => Math.round((ms / 1000) * sampleRate);
    const plan: { id: string; pcm: Int16Array; gapBefore: number }[] = [];
    let prevSpoken = false;
    let pending = 0;
    for (const id of segments) {
      if (isPause(id)) {
        pending += frames(pauseMs(id));
        prevSpoken = false;
        continue;
      }
      const pcm = this.library.segments.get(id);
      if (!pcm) throw new RangeError(`voice segment ${id} is not in the library`);
      plan.push({ id, pcm, gapBefore: pending + (prevSpoken ? frames(this.wordGapMs) : 0) });
      pending = 0;
      prevSpoken = true;
    }
    const total = plan.reduce((n, p) => n + p.gapBefore + p.pcm.length / channels, 0) + pending;
    return { plan, total };
  }

  /** The joined samples and where each recording went. */
  mix(segments: readonly string[]): { samples: Int16Array; placements: Placement[] } {
    const { sampleRate, channels } = this.library;
    const frames = (ms: number) => Math.round((ms / 1000) * sampleRate);
    const { plan, total } = this.plan(segments);
    const samples = new Int16Array(total * channels);
    const placements: Placement[] = [];
    const fade = frames(this.fadeMs);
    let at = 0;
    for (const p of plan) {
      at += p.gapBefore;
      const pcm = p.pcm;
      const length = pcm.length / channels;
      samples.set(pcm, at * channels);
      for (let i = 0; i < Math.min(fade, length / 2); i++) {
        const g = i / fade;
        for (let c = 0; c < channels; c++) {
          const head = (at + i) * channels + c;
          const tail = (at + length - 1 - i) * channels + c;
          samples[head] = Math.round((samples[head] ?? 0) * g);
          samples[tail] = Math.round((samples[tail] ?? 0) * g);
        }
      }
      placements.push({ id: p.id, start: at, length });
      at += length;
    }
    return { samples, placements };
  }
}

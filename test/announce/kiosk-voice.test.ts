import type { OfficeConfig } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPause } from '../../server/src/announce/grammar.js';
import { kioskSpeechUrl, kioskTicketSegments } from '../../server/src/announce/kiosk-voice.js';
import { loadVoiceLibrary } from '../../server/src/announce/library.js';
import { AnnouncementRenderer, FADE_MS } from '../../server/src/announce/renderer.js';
import { decodeWav } from '../../server/src/announce/wav.js';
import { startTestServer, type TestServer } from '../support/server.js';

const library = loadVoiceLibrary();
let s: TestServer;

beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

/** Where `needle` occurs in `hay` at or after `from`, or -1. */
function indexOf(hay: Int16Array, needle: Int16Array, from: number): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

async function speech(number: string) {
  const res = await fetch(s.url + kioskSpeechUrl(number));
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

function setNumberStyle(numberStyle: 'natural' | 'leading-zeros') {
  const config = s.office.config as OfficeConfig;
  const board = config.board ?? { announce: {} };
  const r = s.office.configure(
    { ...config, board: { ...board, announce: { ...board.announce, numberStyle } } } as OfficeConfig,
    { kind: 'system' },
  );
  expect(r.ok).toBe(true);
}

describe('GET /api/voice/ticket/<number>.wav (kiosk result speech)', () => {
  it('says «Ваш талон ка двенадцать» for К-012 with the board renderer and the committed library, no token', async () => {
    setNumberStyle('natural');
    const { res, bytes } = await speech('К-012');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const segments = kioskTicketSegments('К-012', 'natural');
    expect(segments).toEqual(['your', 'talon', 'letter-ka', 'n12']);
    expect(res.headers.get('x-talon-segments')).toBe(segments.join(' '));

    const pcm = decodeWav(bytes);
    expect(pcm.sampleRate).toBe(library.sampleRate);
    expect(pcm.channels).toBe(1);
    const ms = (pcm.samples.length / pcm.sampleRate) * 1000;
    expect(ms).toBeGreaterThan(800);
    expect(ms).toBeLessThan(4000);

    // sample for sample what the renderer itself makes of that segment list
    const own = new AnnouncementRenderer(library).mix(segments);
    expect(pcm.samples).toEqual(own.samples);
    // and each recording appears in that order (the edges are faded, the inside is copied)
    const fade = Math.round((FADE_MS / 1000) * library.sampleRate);
    expect(own.placements.map((p) => p.id)).toEqual(segments.filter((x) => !isPause(x)));
    let at = 0;
    for (const place of own.placements) {
      const rec = library.segments.get(place.id) as Int16Array;
      const core = rec.subarray(fade, rec.length - fade);
      const found = indexOf(pcm.samples, core, at);
      expect(found, `${place.id} after sample ${at}`).toBe(place.start + fade);
      at = found + core.length;
    }
  });

  it('follows the board’s number style and revalidates by ETag', async () => {
    const natural = await speech('К-012');
    const etag = natural.res.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{24}"$/);
    const again = await fetch(s.url + kioskSpeechUrl('К-012'), { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);

    setNumberStyle('leading-zeros');
    const zeros = await speech('К-012');
    expect(zeros.res.headers.get('x-talon-segments')).toBe('your talon letter-ka n0 n12');
    expect(zeros.res.headers.get('etag')).not.toBe(etag);
    // a Latin look-alike prefix is said as the Cyrillic letter the visitor sees
    expect((await speech('B-105')).res.headers.get('x-talon-segments')).toBe('your talon letter-ve n100 n5');
    setNumberStyle('natural');
  });

  it('refuses anything but a kiosk number with 400 VALIDATION_FAILED in Russian and English, changing nothing', async () => {
    const before = JSON.stringify(s.office.view());
    const bad = [
      'БТ-001.wav', // walk-ins are never issued at a kiosk
      'К-12.wav',
      'К-0123.wav',
      'к-012.wav',
      'КК-012.wav',
      'К012.wav',
      'К-012.mp3',
      'К-012',
      '..%2F..%2Fpackage.json',
    ];
    for (const file of bad) {
      const res = await fetch(`${s.url}/api/voice/ticket/${file.includes('%') ? file : encodeURIComponent(file)}`);
      expect(res.status, file).toBe(400);
      const body = (await res.json()) as {
        ok: boolean;
        error: {
          code: string;
          message: { ru: string; en: string };
          details: { path: string; message: { ru: string; en: string } }[];
        };
      };
      expect(body.ok).toBe(false);
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.message.ru).toBe('Запрос заполнен неверно');
      expect(body.error.message.en).toBe('The request is not valid');
      if (file.startsWith('БТ'))
        expect(body.error.details).toEqual([
          { path: 'file', message: { ru: expect.stringMatching(/БТ/), en: expect.stringMatching(/walk-in/) } },
        ]);
    }
    expect(JSON.stringify(s.office.view())).toBe(before);
  });
});

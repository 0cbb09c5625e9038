import type { AnnouncementRecord, BoardSummary, OfficeConfig } from '@talon/protocol';
import { boardConfigOf } from '@talon/protocol';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeWav } from '../../server/src/announce/wav.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { AnnounceClient, getJson, hall, putJson } from './support.js';

let s: TestServer;
const open: AnnounceClient[] = [];
beforeEach(async () => {
  s = await startTestServer();
});
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await s.stop();
});

async function board(name: string) {
  const paired = await s.pair('board', name);
  const c = await AnnounceClient.open(s.url, paired.token);
  open.push(c);
  return { ...paired, c };
}

function reconfigure(change: (c: OfficeConfig) => OfficeConfig) {
  const config = s.office.config as OfficeConfig;
  const r = s.office.configure(change(config), { kind: 'system' });
  expect(r.ok).toBe(true);
}

describe('announcements on the office server', () => {
  it('turns a call into one announcement for every board of the hall, with its audio and each board’s report', async () => {
    const h = await hall(s);
    const a = await board('Табло у входа');
    const b = await board('Табло у касс');
    expect(a.c.inits[0]).toMatchObject({ deviceId: a.deviceId, settings: { sound: true }, pending: [] });

    const number = await h.issue();
    await h.call();
    await a.c.until(() => a.c.announcements.length === 1);
    await b.c.until(() => b.c.announcements.length === 1);
    const ann = a.c.announcements[0];
    expect(b.c.announcements[0]).toEqual(ann);
    expect(ann).toMatchObject({
      number,
      windowNumber: 1,
      kind: 'call',
      hallId: 'main',
      text: `Талон ${number}, окно 1`,
      speech: 'Талон ка один, окно один',
      volume: 80,
    });
    expect(ann?.audioUrl).toMatch(/^\/api\/voice\/[0-9a-f]{24}\.wav$/);

    const res = await fetch(s.url + (ann?.audioUrl as string));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const pcm = decodeWav(new Uint8Array(await res.arrayBuffer()));
    expect(Math.round((pcm.samples.length / pcm.sampleRate) * 1000)).toBe(ann?.durationMs);

    const started = Date.now();
    expect(await a.c.ack({ id: ann?.id, status: 'played', startedAt: started, endedAt: started + 4000 })).toEqual({
      ok: true,
    });
    const list = await getJson<AnnouncementRecord[]>(s, '/api/announcements', h.admin);
    expect(list.status).toBe(200);
    const plays = list.body[0]?.plays ?? [];
    expect(plays.map((p) => [p.deviceName, p.status]).sort()).toEqual([
      ['Табло у входа', 'played'],
      ['Табло у касс', 'sent'],
    ]);
    expect(plays.find((p) => p.deviceId === a.deviceId)).toMatchObject({ startedAt: started, endedAt: started + 4000 });
  });

  it('repeats a recall with the same audio, queued after the call', async () => {
    const h = await hall(s);
    const a = await board('Табло');
    await h.issue();
    await h.call();
    s.clock.advance(16_000);
    await h.command('operator1', { type: 'recall' });
    await a.c.until(() => a.c.announcements.length === 2);
    const [call, recall] = a.c.announcements;
    expect(recall).toMatchObject({ kind: 'recall', number: call?.number, audioUrl: call?.audioUrl });
    expect(recall?.playAt).toBeGreaterThanOrEqual((call?.playAt ?? 0) + (call?.durationMs ?? 0));
  });

  it('queues calls that come together: the slots of a hall never overlap', async () => {
    const h = await hall(s, { operator1: 'w1', operator2: 'w2', operator5: 'w5' });
    const a = await board('Табло');
    await h.issue('billing');
    await h.issue('payment');
    await h.issue('billing');
    await Promise.all([h.call('operator1'), h.call('operator2'), h.call('operator5')]);
    await a.c.until(() => a.c.announcements.length === 3);
    const slots = [...a.c.announcements].sort((x, y) => x.playAt - y.playAt);
    for (let i = 1; i < slots.length; i++) {
      const prev = slots[i - 1];
      expect(slots[i]?.playAt).toBeGreaterThanOrEqual((prev?.playAt ?? 0) + (prev?.durationMs ?? 0));
    }
    expect(new Set(slots.map((x) => x.windowNumber))).toEqual(new Set([1, 2, 5]));
  });

  it('sends a zone board only its windows, and a board with sound off nothing', async () => {
    const h = await hall(s, { operator1: 'w1', operator4: 'w4' });
    const all = await board('Общее табло');
    const left = await board('Окна 1–3');
    const quiet = await board('Табло без звука');
    expect((await putJson(s, `/api/boards/${left.deviceId}/settings`, { zoneId: 'left' }, h.admin)).status).toBe(200);
    expect((await putJson(s, `/api/boards/${quiet.deviceId}/settings`, { sound: false }, h.admin)).status).toBe(200);
    // a settings change reaches the board at once
    await left.c.until(() => left.c.inits.at(-1)?.settings.zoneId === 'left');
    await quiet.c.until(() => quiet.c.inits.at(-1)?.settings.sound === false);

    await h.issue();
    await h.issue();
    await h.call('operator4');
    await h.call('operator1');
    await all.c.until(() => all.c.announcements.length === 2);
    await left.c.until(() => left.c.announcements.length === 1);
    expect(left.c.announcements.map((x) => x.windowNumber)).toEqual([1]);
    expect(quiet.c.announcements).toEqual([]);
    const boards = await getJson<BoardSummary[]>(s, '/api/boards', h.admin);
    expect(boards.body.find((x) => x.deviceId === left.deviceId)?.settings).toMatchObject({ zoneId: 'left' });
    const list = await getJson<AnnouncementRecord[]>(s, '/api/announcements', h.admin);
    for (const rec of list.body) expect(rec.plays.map((p) => p.deviceId)).not.toContain(quiet.deviceId);
  });

  it('gives a board that (re)connects the announcements still due, until it has reported on them', async () => {
    const h = await hall(s);
    await h.issue();
    const paired = await s.pair('board', 'Табло');
    await h.call();
    const late = await AnnounceClient.open(s.url, paired.token);
    open.push(late);
    const [due] = late.inits[0]?.pending ?? [];
    expect(due?.number).toBe('К-001');
    expect(await late.ack({ id: due?.id, status: 'played' })).toEqual({ ok: true });
    late.close();
    const again = await AnnounceClient.open(s.url, paired.token);
    open.push(again);
    expect(again.inits[0]?.pending).toEqual([]);
  });

  it('a board that was away plays the calls it missed on its return, in a slot of its own, once', async () => {
    const h = await hall(s, { operator1: 'w1', operator3: 'w3' });
    const first = await h.issue();
    await h.issue();
    const paired = await s.pair('board', 'Табло');
    const other = await board('Табло у касс');
    // The board was here, then its link dropped.
    (await AnnounceClient.open(s.url, paired.token)).close();
    await expect.poll(() => s.announcements.connectedBoards().includes(paired.deviceId)).toBe(false);
    await h.call('operator1');
    await h.call('operator3');
    // The visitor of the second call has already come to the window: nothing to repeat for it.
    await h.command('operator3', { type: 'startService' });
    await other.c.until(() => other.c.announcements.length === 2);
    // Past the grace in which a returning board simply gets what is still due (both slots have begun).
    const lastSlot = Math.max(...other.c.announcements.map((a) => a.playAt));
    await new Promise((r) => setTimeout(r, Math.max(0, lastSlot + 1600 - Date.now())));

    const back = await AnnounceClient.open(s.url, paired.token);
    open.push(back);
    const init = back.inits[0];
    expect(init?.pending.map((a) => a.number)).toEqual([first]);
    const replay = init?.pending[0];
    const original = other.c.announcements.find((a) => a.number === first);
    expect(replay).toMatchObject({ replayOf: original?.id, audioUrl: original?.audioUrl });
    expect(replay?.id).not.toBe(original?.id);
    // A slot of its own, after everything the hall already had booked.
    expect(replay?.playAt).toBeGreaterThanOrEqual(init?.serverTime ?? Number.POSITIVE_INFINITY);
    expect(await back.ack({ id: replay?.id, status: 'played' })).toEqual({ ok: true });
    back.close();

    const again = await AnnounceClient.open(s.url, paired.token);
    open.push(again);
    expect(again.inits[0]?.pending).toEqual([]);
    // A board that was never here has missed nothing.
    const fresh = await board('Новое табло');
    expect(fresh.c.inits[0]?.pending.filter((a) => a.replayOf)).toEqual([]);
  });

  it('takes the volume from quiet hours and stays silent when announcements are off', async () => {
    const h = await hall(s);
    const a = await board('Табло');
    reconfigure((c) => {
      const b = boardConfigOf(c);
      return {
        ...c,
        board: { ...b, announce: { ...b.announce, quietHours: [{ from: '09:30', to: '10:30', volume: 25 }] } },
      };
    });
    await h.issue();
    await h.call();
    await a.c.until(() => a.c.announcements.length === 1);
    expect(a.c.announcements[0]?.volume).toBe(25);

    reconfigure((c) => ({
      ...c,
      board: { ...boardConfigOf(c), announce: { ...boardConfigOf(c).announce, enabled: false } },
    }));
    await h.command('operator1', { type: 'startService' });
    await h.command('operator1', { type: 'finishService' });
    await h.issue();
    await h.call();
    await new Promise((r) => setTimeout(r, 200));
    expect(a.c.announcements).toHaveLength(1);
  });

  it('refuses bad reports, bad settings and anyone but a paired board', async () => {
    const h = await hall(s);
    const a = await board('Табло');
    expect((await a.c.ack({ id: 'x', status: 'loud' })).error?.code).toBe('VALIDATION_FAILED');
    expect((await a.c.ack({ id: 'ann-999999', status: 'played' })).error?.code).toBe('NOT_FOUND');

    const put = (body: unknown, token?: string, id = a.deviceId) =>
      putJson(s, `/api/boards/${id}/settings`, body, token);
    expect((await put({ zoneId: 'nowhere' }, h.admin)).status).toBe(400);
    expect((await put({ hallId: 'main', zoneId: 'left', volume: 3 }, h.admin)).status).toBe(400);
    expect((await put({ sound: false })).status).toBe(401);
    expect((await put({ sound: false }, h.ops.operator1)).status).toBe(403);
    expect((await put({ sound: false }, h.admin, h.kiosk.deviceId)).status).toBe(404);
    expect((await getJson(s, '/api/announcements', h.ops.operator1)).status).toBe(403);
    expect((await fetch(`${s.url}/api/voice/${'0'.repeat(24)}.wav`)).status).toBe(404);
    expect((await fetch(`${s.url}/api/voice/..%2F..%2Fetc.wav`)).status).toBe(404);

    for (const token of [h.kiosk.token, h.ops.operator1, 'nonsense']) {
      const sock = io(`${s.url}/announce`, {
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      const err = await new Promise<Error>((resolve) => sock.once('connect_error', resolve));
      expect(err.message).toBe('unauthorized');
      sock.close();
    }
  });
});

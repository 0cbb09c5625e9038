import { describe, expect, it } from 'vitest';
import {
  checksum,
  decodeText,
  encodeFrame,
  encodeStatusPayload,
  encodeText,
  FrameDecoder,
  frames,
  MAX_TEXT,
  parseStatusPayload,
} from './protocol.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// Golden frames worked out by hand from docs/window-display-protocol.md (XOR of address..ETX).
describe('TWD-1 frames, byte-exact', () => {
  it('show «К-001» on display 03: Cyrillic in CP866', () => {
    expect(frames.showText(3, 'К-001')).toEqual(hex('02 30 33 54 8A 2D 30 30 31 03 43 32'));
  });
  it('clear, blink, brightness, status', () => {
    expect(frames.clear(3)).toEqual(hex('02 30 33 43 03 34 33'));
    expect(frames.blink(3, 10)).toEqual(hex('02 30 33 42 31 30 03 34 33'));
    expect(frames.brightness(5, 9)).toEqual(hex('02 30 35 4C 39 03 37 33'));
    expect(frames.status(12)).toEqual(hex('02 31 32 53 03 35 33'));
    expect(frames.clear(0)).toEqual(hex('02 30 30 43 03 34 30'));
  });
  it('replies: ACK and a status with the text shown', () => {
    expect(encodeFrame(3, 'A')).toEqual(hex('02 30 33 41 03 34 31'));
    const payload = encodeStatusPayload({ health: '0', brightness: 7, blinking: true, text: 'К-001' });
    expect(encodeFrame(3, 'R', payload)).toEqual(hex('02 30 33 52 30 37 31 8A 2D 30 30 31 03 46 32'));
    expect(parseStatusPayload(payload)).toEqual({ health: 'ok', brightness: 7, blinking: true, text: 'К-001' });
  });
  it('checksum is XOR as two upper-case hex digits', () => {
    expect(checksum(Buffer.from([0x0f, 0xf0])).toString('ascii')).toBe('FF');
    expect(checksum(Buffer.from([0x01, 0x01])).toString('ascii')).toBe('00');
  });
  it('refuses what the wire cannot carry', () => {
    expect(() => encodeFrame(100, 'T')).toThrow(RangeError);
    expect(() => encodeFrame(-1, 'T')).toThrow(RangeError);
    expect(() => encodeFrame(1, 'TT')).toThrow(RangeError);
    expect(() => encodeFrame(1, 'T', Buffer.from([0x41, 0x03]))).toThrow(/control/);
    expect(() => frames.showText(1, '')).toThrow(/clear/);
    expect(() => frames.blink(1, 100)).toThrow(RangeError);
    expect(() => frames.brightness(1, 10)).toThrow(RangeError);
  });
});

describe('display text', () => {
  it('maps characters CP866 lacks to look-alikes and keeps Ё', () => {
    expect(decodeText(encodeText('«Ёлка» — №5'))).toBe('"Ёлка" - N5');
    expect(encodeText('Ёё')).toEqual(hex('F0 F1'));
    expect(decodeText(encodeText('€1'))).toBe('?1');
  });
  it('drops control characters and cuts to the display width', () => {
    expect(decodeText(encodeText('К\u0003-0\n01'))).toBe('К-001');
    expect(encodeText('Ж'.repeat(40)).length).toBe(MAX_TEXT);
  });
});

describe('FrameDecoder', () => {
  const frame = frames.showText(3, 'К-001');
  it('reassembles frames split at any byte and skips line noise before STX', () => {
    for (let cut = 1; cut < frame.length; cut++) {
      const d = new FrameDecoder();
      expect(d.push(Buffer.concat([hex('FF 00 41'), frame.subarray(0, cut)]))).toEqual([]);
      const [r] = d.push(frame.subarray(cut));
      expect(r?.ok && [r.frame.address, r.frame.command, decodeText(r.frame.payload)]).toEqual([3, 'T', 'К-001']);
    }
  });
  it('reports a corrupted byte as a checksum error and recovers on the next STX', () => {
    const bad = Buffer.from(frame);
    bad[5] = 0x8b;
    const d = new FrameDecoder();
    const rs = d.push(Buffer.concat([bad, frames.clear(4)]));
    expect(rs.map((r) => (r.ok ? `${r.frame.address}${r.frame.command}` : r.reason))).toEqual(['checksum', '4C']);
  });
  it('an STX inside a frame restarts it; runaway frames are dropped', () => {
    const d = new FrameDecoder();
    const rs = d.push(Buffer.concat([frame.subarray(0, 6), frames.status(7)]));
    expect(rs.map((r) => r.ok && r.frame.address)).toEqual([7]);
    const long = d.push(Buffer.concat([hex('02 30 31 54'), Buffer.alloc(40, 0x41), frames.clear(1)]));
    expect(long.map((r) => (r.ok ? r.frame.command : r.reason))).toEqual(['malformed', 'C']);
  });
});

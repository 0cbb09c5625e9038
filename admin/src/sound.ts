import type { Alarm } from '@talon/protocol';
import { useEffect, useRef, useState } from 'react';

let ctx: AudioContext | null = null;
let played = 0;

function audio(): AudioContext | null {
  if (ctx) return ctx;
  const Ctor =
    window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return null;
  ctx = new Ctor();
  return ctx;
}

/** Call from a click: browsers only start audio after a gesture. */
export async function unlockAudio(): Promise<boolean> {
  const c = audio();
  if (!c) return false;
  if (c.state === 'suspended') await c.resume().catch(() => {});
  return c.state === 'running';
}

export function audioRunning(): boolean {
  return ctx?.state === 'running';
}

/** Tones played so far (shown as `data-tones` so that a test can see the sound happened). */
export function tonesPlayed(): number {
  return played;
}

/**
 * A short generated tone, no sound files: two falling beeps for a critical alarm, one for a warning.
 * Returns false when the browser has not allowed audio yet.
 */
export function playAlarmTone(severity: Alarm['severity']): boolean {
  const c = audio();
  if (c?.state !== 'running') return false;
  const beeps = severity === 'critical' ? [880, 660] : [740];
  beeps.forEach((freq, i) => {
    const start = c.currentTime + i * 0.28;
    const osc = c.createOscillator();
    const gain = c.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.35, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.24);
    osc.connect(gain).connect(c.destination);
    osc.start(start);
    osc.stop(start + 0.26);
  });
  played += 1;
  return true;
}

const MUTE_KEY = 'talon.admin.mute';

export function useMuted(): [boolean, (m: boolean) => void] {
  const [muted, setMuted] = useState(() => {
    try {
      return localStorage.getItem(MUTE_KEY) === '1';
    } catch {
      return false;
    }
  });
  const set = (m: boolean) => {
    setMuted(m);
    try {
      localStorage.setItem(MUTE_KEY, m ? '1' : '0');
    } catch {
      // storage unavailable: the choice lasts for this page
    }
  };
  return [muted, set];
}

/**
 * Sounds when an alarm is raised or escalated, and again every `repeatSec` while any alarm is not
 * acknowledged. Returns the number of tones played (for `data-tones`).
 */
export function useAlarmSound(alarms: Alarm[], muted: boolean, repeatSec: number): number {
  const heard = useRef(new Map<number, number>());
  const [tones, setTones] = useState(0);
  const pending = alarms.filter((a) => a.acknowledgedAt === null);
  const worst: Alarm['severity'] | null =
    pending.length === 0 ? null : pending.some((a) => a.severity === 'critical') ? 'critical' : 'warning';
  // a new id, or a known id escalated since it was last heard
  const fresh = pending.some((a) => (heard.current.get(a.id) ?? -1) < (a.escalatedAt ?? a.raisedAt));
  const signature = pending.map((a) => `${a.id}:${a.escalatedAt ?? a.raisedAt}`).join(',');

  useEffect(() => {
    if (!worst || muted) return;
    const ring = () => {
      if (playAlarmTone(worst)) setTones(tonesPlayed());
    };
    if (fresh) {
      ring();
      for (const part of signature.split(',')) {
        const [id, at] = part.split(':');
        heard.current.set(Number(id), Number(at));
      }
    }
    if (repeatSec <= 0) return;
    const timer = setInterval(ring, repeatSec * 1000);
    return () => clearInterval(timer);
  }, [signature, worst, muted, repeatSec, fresh]);
  return tones;
}

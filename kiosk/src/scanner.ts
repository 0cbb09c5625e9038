import { useEffect, useRef } from 'react';
import { codeCharOf } from './keypad.js';

/** A barcode scanner is a keyboard: it types the code fast and presses Enter. */
const MAX_GAP_MS = 80;

/**
 * Calls `onScan(code)` when characters arrive quickly and end with Enter while no input has focus
 * (inputs handle their own Enter). A person typing slowly on a keyboard is not a scan.
 */
export function useScanner(onScan: (code: string) => void, enabled = true) {
  const cb = useRef(onScan);
  cb.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    let buf = '';
    let last = 0;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
      const now = performance.now();
      if (now - last > MAX_GAP_MS) buf = '';
      last = now;
      if (e.key === 'Enter') {
        if (buf.length >= 3) cb.current(buf);
        buf = '';
      } else {
        // the layout may be Russian: the physical key tells the Latin letter
        const ch = codeCharOf(e);
        if (ch) buf += ch;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}

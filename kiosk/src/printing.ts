import type { PrintJobStatus } from '@talon/protocol';
import { call } from '@talon/ui';
import { useEffect, useState } from 'react';

/** A refusal or no answer: the screen says "unknown" rather than guess. */
const orNull = <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);

export type PrintView = PrintJobStatus | 'unknown';

/**
 * How the ticket printed, asked once with a long poll: the server answers as soon as the printer
 * has answered. No answer at all counts as "unknown" and the screen stays honest about it.
 */
export function usePrintStatus(token: string, ticketId: string | undefined): PrintView {
  const [status, setStatus] = useState<PrintView>('queued');
  useEffect(() => {
    if (!ticketId) {
      setStatus('none');
      return;
    }
    let gone = false;
    setStatus('queued');
    void (async () => {
      for (let attempt = 0; attempt < 3 && !gone; attempt++) {
        const job = await orNull(call('printJob', { query: { ticketId, wait: 8000 } }, { token, timeoutMs: 10_000 }));
        if (gone) return;
        if (!job) return setStatus('unknown');
        setStatus(job.status);
        if (job.status !== 'queued' && job.status !== 'printing') return;
      }
    })();
    return () => {
      gone = true;
    };
  }, [token, ticketId]);
  return status;
}

/** The kiosk's printer as the server sees it; `null` until known or when there is none. */
export function useKioskPrinter(token: string, everyMs = 30_000): { ready: boolean } | null {
  const [printer, setPrinter] = useState<{ ready: boolean } | null>(null);
  useEffect(() => {
    let gone = false;
    const check = async () => {
      const r = await orNull(call('kioskPrinting', {}, { token, timeoutMs: 5000 }));
      if (!gone && r) setPrinter(r.printer);
    };
    void check();
    const id = setInterval(() => void check(), everyMs);
    return () => {
      gone = true;
      clearInterval(id);
    };
  }, [token, everyMs]);
  return printer;
}

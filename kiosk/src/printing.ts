import type { PrintJobInfo, PrintJobStatus } from '@talon/protocol';
import { useEffect, useState } from 'react';

async function getJson<T>(path: string, token: string, timeoutMs: number): Promise<T | null> {
  try {
    const res = await fetch(path, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return res.ok ? ((await res.json()) as T) : null;
  } catch {
    return null;
  }
}

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
        const job = await getJson<PrintJobInfo>(
          `/api/printing/job?ticketId=${encodeURIComponent(ticketId)}&wait=8000`,
          token,
          10_000,
        );
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
      const r = await getJson<{ printer: { ready: boolean } | null }>('/api/printing/kiosk', token, 5000);
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

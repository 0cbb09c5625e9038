import { PRINT_DONE, type PrintJobInfo, type PrintJobRow } from '@talon/protocol';
import { ApiError, call, formatTime, type Pair, useI18n } from '@talon/ui';
import { useCallback, useEffect, useState } from 'react';

const STATUS: Record<PrintJobInfo['status'], Pair> = {
  queued: ['в очереди', 'queued'],
  printing: ['печатается', 'printing'],
  printed: ['напечатан', 'printed'],
  failed: ['не напечатан', 'not printed'],
  uncertain: ['неизвестно: связь прервалась', 'unknown: the link broke'],
  none: ['без принтера', 'no printer'],
};

const REASONS: Record<string, Pair> = {
  'paper-out': ['нет бумаги', 'paper out'],
  'cover-open': ['открыта крышка', 'cover open'],
  unreachable: ['принтер недоступен', 'printer unreachable'],
  offline: ['принтер не готов', 'printer offline'],
  'no-printer': ['у киоска нет принтера', 'the kiosk has no printer'],
  restart: ['сервер перезапускался', 'the server restarted'],
  expired: ['устарело', 'expired'],
  reprint: ['повторная печать', 'printed again'],
};

/** Every this many ms the list is read again while it is open. */
const REFRESH_MS = 5000;

/**
 * The latest print jobs: what printed and what did not, and why. A ticket that did not print (paper
 * ran out, a jam) can be printed again while its visitor is still in the hall; the server records who did.
 */
export function PrintJobs({
  token,
  timeZone,
  onError,
}: {
  token: string;
  /** The office's zone: times are the hall's, whatever the admin PC's clock says. */
  timeZone: string | undefined;
  onError: (e: unknown) => void;
}) {
  const { t, tr, lang } = useI18n();
  const [jobs, setJobs] = useState<PrintJobRow[] | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const load = useCallback(() => {
    call('printJobs', {}, { token }).then(setJobs, onError);
  }, [token, onError]);
  useEffect(() => {
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const reprint = async (j: PrintJobRow) => {
    try {
      await call('reprint', { params: { ticketId: j.ticketId } }, { token });
      setNote({
        ok: true,
        text: t(['Талон {n} отправлен на печать', 'Ticket {n} sent to the printer'], { n: j.number ?? '' }),
      });
      load();
    } catch (e) {
      if (e instanceof ApiError) setNote({ ok: false, text: tr(e.error.message) });
      else onError(e);
    }
  };

  return (
    <section className="print-jobs" data-testid="print-jobs">
      <h3>{t(['Печать талонов', 'Ticket printing'])}</h3>
      {note && (
        <p
          className={note.ok ? 'notice ok' : 'error'}
          role={note.ok ? 'status' : 'alert'}
          data-testid="print-jobs-note"
        >
          {note.text}
        </p>
      )}
      {jobs && jobs.length === 0 ? (
        <p className="muted">{t(['Пока ничего не печаталось', 'Nothing printed yet'])}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>{t(['Время', 'Time'])}</th>
              <th>{t(['Талон', 'Ticket'])}</th>
              <th>{t(['Принтер', 'Printer'])}</th>
              <th>{t(['Печать', 'Printing'])}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(jobs ?? []).map((j) => (
              <tr key={j.ticketId} data-testid="print-job" data-ticket={j.number ?? j.ticketId} data-status={j.status}>
                <td>{formatTime(j.createdAt, lang, timeZone)}</td>
                <td className="mono">{j.number ?? '—'}</td>
                <td>{j.printerId ?? '—'}</td>
                <td>
                  {t(STATUS[j.status])}
                  {j.reason && j.status !== 'printed' && ` · ${t(REASONS[j.reason] ?? [j.reason, j.reason])}`}
                </td>
                <td>
                  {PRINT_DONE.includes(j.status) && (
                    <button
                      type="button"
                      className="btn btn-small"
                      data-testid="print-job-reprint"
                      onClick={() => void reprint(j)}
                    >
                      {t(['Напечатать ещё раз', 'Print again'])}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

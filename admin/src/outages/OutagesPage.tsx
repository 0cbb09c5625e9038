import type { OutageReport } from '@talon/protocol';
import { ApiError, call, download, saveFile, useI18n } from '@talon/ui';
import { useEffect, useState } from 'react';
import { formatStamp } from './format.js';
import { formatDuration, KIND_NAMES, O } from './strings.js';
import './outages.css';

type Kind = 'day' | 'month' | 'quarter' | 'year';
const KINDS: Kind[] = ['day', 'month', 'quarter', 'year'];

/** The office's calendar day of an instant («2026-11-26»). */
function dayOf(at: number, timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);
  } catch {
    return new Date(at).toISOString().slice(0, 10);
  }
}

/**
 * The outage log of a period (seed 004 R7): live-queue periods, the office server's own downtime and
 * devices offline, with the figures per kind and the visitors served without a ticket meanwhile.
 */
export function OutagesPage({
  token,
  timeZone,
  now,
}: {
  token: string;
  timeZone: string | undefined;
  /** The server's now: the page opens on the office's today. */
  now: number;
}) {
  const { t, lang } = useI18n();
  const [period, setPeriod] = useState<Kind>('day');
  const [date, setDate] = useState(() => dayOf(now, timeZone));
  const [report, setReport] = useState<OutageReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { tr } = useI18n();

  useEffect(() => {
    let live = true;
    call('outageReport', { query: { period, date } }, { token })
      .then((r) => {
        if (!live) return;
        setReport(r);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError)) throw e;
        if (live) setError(tr(e.error.message));
      });
    return () => {
      live = false;
    };
  }, [period, date, token, tr]);

  const exportXlsx = async () => {
    try {
      const file = await download('exportOutages', { query: { period, date, format: 'xlsx', lang } }, { token });
      saveFile(file.blob, file.fileName ?? `talon-outages-${date}.xlsx`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(tr(e.error.message));
    }
  };

  const zone = report?.timeZone ?? timeZone;
  return (
    <div className="page out-page" data-testid="outages">
      <section className="card panel">
        <h2>{t(O.title)}</h2>
        <div className="out-bar">
          <label className="field">
            {t(O.periodKind)}
            <select data-testid="out-period" value={period} onChange={(e) => setPeriod(e.target.value as Kind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(O[k])}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            {t(O.date)}
            <input
              type="date"
              data-testid="out-date"
              value={date}
              onChange={(e) => e.target.value && setDate(e.target.value)}
            />
          </label>
          <button type="button" className="btn" data-testid="out-export" onClick={() => void exportXlsx()}>
            {t(O.download)}
          </button>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </section>
      {!report ? (
        <p className="muted">{t(O.loading)}</p>
      ) : (
        <>
          <section className="card panel">
            <table className="grid out-table" data-testid="out-kinds">
              <thead>
                <tr>
                  <th>{t(O.kind)}</th>
                  <th className="num">{t(O.count)}</th>
                  <th className="num">{t(O.total)}</th>
                  <th className="num">{t(O.longest)}</th>
                  <th className="num">{t(O.walkIns)}</th>
                </tr>
              </thead>
              <tbody>
                {report.kinds.map((k) => (
                  <tr key={k.kind} data-testid="out-kind" data-kind={k.kind} data-count={k.count}>
                    <td>{t(KIND_NAMES[k.kind] ?? [k.kind, k.kind])}</td>
                    <td className="num">{k.count}</td>
                    <td className="num">{formatDuration(k.totalSec, lang)}</td>
                    <td className="num">{formatDuration(k.longestSec, lang)}</td>
                    <td className="num">{k.walkIns}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card panel">
            <h2>{t(O.periods)}</h2>
            {report.periods.length === 0 ? (
              <p className="muted" data-testid="out-none">
                {t(O.none)}
              </p>
            ) : (
              <table className="grid out-table" data-testid="out-periods">
                <thead>
                  <tr>
                    <th>{t(O.kind)}</th>
                    <th>{t(O.start)}</th>
                    <th>{t(O.end)}</th>
                    <th className="num">{t(O.duration)}</th>
                    <th>{t(O.details)}</th>
                    <th className="num">{t(O.walkIns)}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.periods.map((p) => (
                    <tr key={p.id} data-testid="out-row" data-kind={p.kind} data-duration={p.durationSec}>
                      <td>{t(KIND_NAMES[p.kind] ?? [p.kind, p.kind])}</td>
                      <td>{formatStamp(p.startedAt, lang, zone)}</td>
                      <td>{p.endedAt === null ? t(O.lasts) : formatStamp(p.endedAt, lang, zone)}</td>
                      <td className="num">{formatDuration(p.durationSec, lang)}</td>
                      <td translate="no" data-testid="out-details">
                        {[p.deviceName, p.reason, [p.startedBy, p.endedBy].filter(Boolean).join(' → ')]
                          .filter(Boolean)
                          .join(' · ') || '—'}
                      </td>
                      <td className="num">{p.walkIns}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </>
      )}
    </div>
  );
}

export default OutagesPage;

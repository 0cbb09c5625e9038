import { FOLLOW_UP_TYPE_NAMES, type FollowUpReport } from '@talon/protocol';
import { ApiError, call, download, saveFile, type UiError, useI18n } from '@talon/ui';
import { useEffect, useState } from 'react';
import { monthSoFar } from './format.js';
import { F } from './strings.js';

/** On-time answers per type for the follow-ups created in a period, and its XLSX. */
export function FollowUpReportView({
  token,
  timeZone,
  today,
}: {
  token: string;
  timeZone: string | undefined;
  /** The office's day on the server's clock (a screen's own clock may be off). */
  today: string | undefined;
}) {
  const { t, tr, lang } = useI18n();
  const [period, setPeriod] = useState(() =>
    today ? { from: `${today.slice(0, 8)}01`, to: today } : monthSoFar(Date.now(), timeZone),
  );
  const [report, setReport] = useState<FollowUpReport | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(period.from) && /^\d{4}-\d{2}-\d{2}$/.test(period.to);

  useEffect(() => {
    if (!valid) return;
    let live = true;
    call('followUpReport', { query: { ...period, lang } }, { token }).then(
      (r) => {
        if (!live) return;
        setReport(r);
        setError(null);
      },
      (e: unknown) => live && setError(e instanceof ApiError ? e.error : null),
    );
    return () => {
      live = false;
    };
  }, [token, period, lang, valid]);

  const exportXlsx = async () => {
    try {
      const file = await download('exportFollowUpReport', { query: { ...period, lang } }, { token, timeoutMs: 60_000 });
      saveFile(file.blob, file.fileName ?? 'talon-followups.xlsx');
    } catch (e) {
      setError(e instanceof ApiError ? e.error : null);
    }
  };

  const rows = report?.rows ?? [];
  return (
    <section className="card panel fu-report" data-testid="followup-report">
      <div className="fu-filters">
        <label className="field">
          {t(F.from)}
          <input
            type="date"
            data-testid="followup-report-from"
            value={period.from}
            onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))}
          />
        </label>
        <label className="field">
          {t(F.to)}
          <input
            type="date"
            data-testid="followup-report-to"
            value={period.to}
            onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))}
          />
        </label>
        <button type="button" className="btn" data-testid="followup-export" onClick={() => void exportXlsx()}>
          {t(F.exportXlsx)}
        </button>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="followup-report-error">
          {tr(error.message)}
        </p>
      )}
      {rows.length <= 1 && rows[0]?.count === 0 ? (
        <p className="muted">{t(F.reportEmpty)}</p>
      ) : (
        <table className="fu-table">
          <thead>
            <tr>
              <th>{t(F.type)}</th>
              <th>{t(F.count)}</th>
              <th>{t(F.onTime)}</th>
              <th>{t(F.late)}</th>
              <th>{t(F.openOverdue)}</th>
              <th>{t(F.openInTime)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.type} data-testid="followup-report-row" data-type={r.type}>
                <td>{r.type === 'total' ? t(F.total) : tr(FOLLOW_UP_TYPE_NAMES[r.type])}</td>
                <td>{r.count}</td>
                <td data-testid="followup-report-ontime">{r.onTime}</td>
                <td>{r.late}</td>
                <td className={r.openOverdue > 0 ? 'danger-text' : undefined}>{r.openOverdue}</td>
                <td>{r.openInTime}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

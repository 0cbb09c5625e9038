import type { OfficeConfig, UserInfo } from '@talon/protocol';
import { ApiError, call, download, saveFile, type UiError, useI18n, useLatest } from '@talon/ui';
import { useEffect, useState } from 'react';
import { Figures } from './Figures.js';
import { todayIn } from './format.js';
import { PeriodBar } from './PeriodBar.js';
import { queryOf, type ReportParams } from './params.js';
import { R } from './strings.js';
import { VisitLog } from './VisitLog.js';
import './reports.css';

export interface ReportsProps {
  token: string;
  user: UserInfo;
}

const PAGE_SIZE = 50;
type Tab = 'figures' | 'log';

/** The reports section of the hall administrator's screen: figures, charts, the visitor log, exports. */
export function Reports({ token }: ReportsProps) {
  const { t, tr, lang } = useI18n();
  const [config, setConfig] = useState<OfficeConfig | null>(null);
  const [tab, setTab] = useState<Tab>('figures');
  const [page, setPage] = useState(1);
  const [exportError, setExportError] = useState<UiError | null>(null);
  const [params, setParams] = useState<ReportParams>(() => {
    const today = todayIn(undefined);
    // An administrator's first question is about today; the month is one tap away.
    return {
      period: 'day',
      date: today,
      from: today,
      to: today,
      serviceId: '',
      topicId: '',
      operatorId: '',
      windowId: '',
    };
  });

  useEffect(() => {
    // The configuration names the filters; the office's zone decides what "today" is.
    call('state', {}, { token }).then(
      (s) => {
        setConfig(s.state.config);
        // The office's clock and zone decide what "today" is, not the browser's.
        const today = todayIn(s.state.config?.timeZone, s.serverTime);
        setParams((p) => ({ ...p, date: today, from: today, to: today }));
      },
      () => setConfig(null),
    );
  }, [token]);

  const q = queryOf(params);
  const key = JSON.stringify(q);
  const report = useLatest(`${key}|${token}`, () => call('report', { query: q }, { token }));
  const logQ = { ...q, page, pageSize: PAGE_SIZE, lang };
  const log = useLatest(`${tab}|${JSON.stringify(logQ)}|${token}`, () =>
    tab === 'log' ? call('visitLog', { query: logQ }, { token }) : Promise.resolve(null),
  );

  const change = (p: Partial<ReportParams>) => {
    setParams((old) => ({ ...old, ...p }));
    setPage(1);
  };

  const exportFile = async (format: 'csv' | 'xlsx', what: 'summary' | 'log') => {
    try {
      setExportError(null);
      // A year of visits takes a while to write: the export is not held to the usual 10 s.
      const file = await download(
        'exportReport',
        { query: { ...q, format, what, lang } },
        { token, timeoutMs: 300_000 },
      );
      saveFile(file.blob, file.fileName ?? 'talon-report');
    } catch (e) {
      setExportError(e instanceof ApiError ? e.error : null);
    }
  };

  const r = report.data;
  const error = report.error ?? log.error ?? exportError;
  return (
    <div className="reports" data-testid="reports" data-loading={report.loading || log.loading ? 'true' : 'false'}>
      <header className="reports-head">
        <h1>{t(R.title)}</h1>
        <div className="print-only">
          {tr(config?.name)} · {r ? `${r.period.from} — ${r.period.to}` : ''}
        </div>
        <div className="reports-tabs no-print" role="tablist">
          {(['figures', 'log'] as const).map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              aria-selected={tab === id}
              className={`nav-tab ${tab === id ? 'active' : ''}`}
              data-testid={`reports-tab-${id}`}
              onClick={() => setTab(id)}
            >
              {t(id === 'figures' ? R.tabFigures : R.tabLog)}
            </button>
          ))}
        </div>
      </header>
      <PeriodBar params={params} config={config} resolved={r?.period ?? null} onChange={change} />
      <div className="reports-actions no-print">
        <span className="muted">{t(R.export)}:</span>
        {(
          [
            ['xlsx', 'summary'],
            ['csv', 'summary'],
            ['xlsx', 'log'],
            ['csv', 'log'],
          ] as const
        ).map(([format, what]) => (
          <button
            key={`${format}-${what}`}
            type="button"
            className="toggle"
            data-testid={`export-${format}-${what}`}
            onClick={() => void exportFile(format, what)}
          >
            {t(what === 'summary' ? R.exportSummary : R.exportLog)} · {t(format === 'csv' ? R.exportCsv : R.exportXlsx)}
          </button>
        ))}
        <button type="button" className="toggle" data-testid="print" onClick={() => window.print()}>
          {t(R.print)}
        </button>
      </div>
      {error && (
        <div className="report-error" role="alert" data-testid="report-error" data-code={error.code}>
          <strong>{t(R.errorTitle)}:</strong> {tr(error.message)}{' '}
          <button type="button" className="toggle" onClick={report.reload}>
            {t(R.retry)}
          </button>
        </div>
      )}
      {!r && !error && <p className="muted">{t(R.loading)}</p>}
      {r && tab === 'figures' && <Figures report={r} />}
      {tab === 'log' && log.data && <VisitLog log={log.data} onPage={setPage} />}
    </div>
  );
}

export default Reports;

import type { BookingImportReport } from '@talon/protocol';
import { ApiError, call, isAuthError, type UiError, useI18n } from '@talon/ui';
import { useState } from 'react';
import { Dialog } from './Dialog.js';
import { B } from './strings.js';

/** The format by example, with a service of this office and a day it may book. */
const example = (serviceId: string, day: string) =>
  `code;service;date time;name;phone\nA3K7PX;${serviceId};${day} 10:30;Иванов Иван;+7 900 123-45-67`;

/**
 * The booking system's day file: the format in words and an example, a file picker, and the report —
 * how many were imported, or every refused line with its reason (then nothing was imported).
 */
export function ImportDialog({
  token,
  serviceId,
  day,
  onAuthLost,
  onClose,
}: {
  token: string;
  /** For the example: a service of this office and a day. */
  serviceId: string;
  day: string;
  onAuthLost: () => void;
  onClose: () => void;
}) {
  const { t, tr } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<BookingImportReport | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!file || busy) return;
    setBusy(true);
    setError(null);
    setReport(null);
    try {
      // the server reads UTF-8 with or without a BOM; the text goes as JSON, no upload format needed
      const csv = await file.text();
      setReport(await call('importBookings', { body: { csv } }, { token }));
    } catch (e) {
      const err = e instanceof ApiError ? e.error : null;
      if (err && isAuthError(err)) onAuthLost();
      else setError(err ?? { code: 'NETWORK', message: { ru: B.noConnection[0], en: B.noConnection[1] } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t(B.importTitle)} testId="booking-import-dialog" wide onClose={onClose}>
      <p>{t(B.importFormat)}</p>
      <div>
        <strong>{t(B.importExample)}</strong>
        <pre className="bk-example" translate="no">
          {example(serviceId, day)}
        </pre>
      </div>
      <p className="muted">{t(B.importAll)}</p>
      <form
        className="bk-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          {t(B.chooseFile)}
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            data-testid="booking-import-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setReport(null);
            }}
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="booking-import-error">
            {tr(error.message)}
          </p>
        )}
        {report && report.refused.length === 0 && (
          <p className="notice ok" role="status" data-testid="booking-imported" data-count={report.imported}>
            {t(B.imported, { n: report.imported })}
          </p>
        )}
        {report && report.refused.length > 0 && (
          <div
            className="bk-report"
            role="alert"
            data-testid="booking-import-report"
            data-count={report.refused.length}
          >
            <p className="error">{t(B.refusedTitle)}</p>
            <table className="grid">
              <thead>
                <tr>
                  <th>{t(B.line)}</th>
                  <th>{t(B.code)}</th>
                  <th>{t(B.reason)}</th>
                </tr>
              </thead>
              <tbody>
                {report.refused.map((r) => (
                  <tr key={`${r.line}:${r.code ?? ''}`} data-testid="booking-import-refused" data-line={r.line}>
                    <td className="num">{r.line > 0 ? r.line : t(B.wholeFile)}</td>
                    <td translate="no">{r.code ?? '—'}</td>
                    <td>{tr(r.reason)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="bk-dialog-buttons">
          <button type="button" className="btn" data-testid="booking-import-close" onClick={onClose}>
            {t(B.close)}
          </button>
          <button
            type="submit"
            className="btn btn-primary"
            data-testid="booking-import-submit"
            disabled={!file || busy}
            aria-busy={busy}
          >
            {t(B.importGo)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

import { call, toUiError, useI18n } from '@talon/ui';
import { useState } from 'react';
import { type Draft, hqReady, type Issues } from './model.js';
import { W } from './strings.js';

/**
 * «Подключить к головному офису»: optional, on the last step. The address and key are sent with the
 * setup only after head office has answered a check with them, so a typo is caught here, not later.
 */
export function HqSection({
  token,
  draft,
  update,
  issues,
}: {
  token: string;
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  issues: Issues;
}) {
  const { t, tr } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const check = async () => {
    setBusy(true);
    setFailed(null);
    const url = draft.hqUrl.trim();
    const key = draft.hqKey.trim();
    try {
      const r = await call(
        'checkSetupHq',
        { body: { token, url, key, ...(draft.timeZone.trim() ? { timeZone: draft.timeZone.trim() } : {}) } },
        {},
      );
      update({ hqChecked: { url, key, name: r.office.name, code: r.office.code } });
    } catch (e) {
      const ui = toUiError(e);
      const why = (ui.details as { message?: { ru: string; en: string } } | undefined)?.message;
      setFailed(why ? `${tr(ui.message)} (${tr(why)})` : tr(ui.message));
      update({ hqChecked: null });
    } finally {
      setBusy(false);
    }
  };
  const ready = hqReady(draft);
  const issue = issues.get('hq');
  return (
    <fieldset className="setup-fieldset" data-testid="setup-hq">
      <legend>{t(W.hqTitle)}</legend>
      <p className="muted">{t(W.hqIntro)}</p>
      <label className="setup-range">
        <input
          type="checkbox"
          data-testid="setup-hq-on"
          checked={draft.hqOn}
          onChange={(e) => update({ hqOn: e.target.checked })}
        />{' '}
        {t(W.hqOn)}
      </label>
      {draft.hqOn && (
        <>
          <label htmlFor="f-hqUrl" className="field setup-field">
            <span>{t(W.hqUrl)}</span>
            <input
              id="f-hqUrl"
              data-testid="setup-hq-url"
              type="url"
              spellCheck={false}
              value={draft.hqUrl}
              onChange={(e) => update({ hqUrl: e.target.value })}
            />
            <small className="muted">{t(W.hqUrlHint)}</small>
          </label>
          <label htmlFor="f-hqKey" className="field setup-field">
            <span>{t(W.hqKey)}</span>
            <input
              id="f-hqKey"
              data-testid="setup-hq-key"
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={draft.hqKey}
              onChange={(e) => update({ hqKey: e.target.value })}
            />
            <small className="muted">{t(W.hqKeyHint)}</small>
          </label>
          <button type="button" className="btn" data-testid="setup-hq-check" disabled={busy} onClick={check}>
            {t(busy ? W.hqChecking : W.hqCheck)}
          </button>
          {ready && draft.hqChecked && (
            <p className="notice ok" role="status" data-testid="setup-hq-ok">
              {t(W.hqOk, { name: tr(draft.hqChecked.name), code: draft.hqChecked.code })}
            </p>
          )}
          {failed && (
            <p className="error" role="alert" data-testid="setup-hq-error">
              {failed}
            </p>
          )}
          {issue && !ready && (
            <span className="setup-issue" role="alert" data-testid="setup-issue-hq">
              {t(issue.pair)}
            </span>
          )}
        </>
      )}
    </fieldset>
  );
}

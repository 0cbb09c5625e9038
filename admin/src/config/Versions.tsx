import type { ConfigResponse, ConfigVersionInfo, LocalText } from '@talon/protocol';
import { call, formatDate, formatTime, useI18n } from '@talon/ui';
import { useCallback, useEffect, useState } from 'react';
import { Field, type JsonSchema } from './SchemaForm.js';

const NO_ISSUES = new Map<string, LocalText>();

/** Every saved configuration with who and when; view one, or restore it as a new version. */
export function Versions({
  token,
  editable,
  currentVersion,
  schema,
  onRestored,
  timeZone,
  onError,
}: {
  token: string;
  editable: boolean;
  currentVersion: number;
  /** The form's schema: a version is shown as the settings form, read-only. */
  schema?: JsonSchema | null;
  onRestored: () => void;
  /** The office's zone, for the times shown. */
  timeZone?: string | undefined;
  onError: (e: unknown) => void;
}) {
  const { t, tr, lang } = useI18n();
  const [versions, setVersions] = useState<ConfigVersionInfo[] | null>(null);
  const [shown, setShown] = useState<ConfigResponse | null>(null);
  const load = useCallback(() => {
    call('configVersions', { query: { limit: 100 } }, { token }).then(setVersions, onError);
  }, [token, onError]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when a new version appears
  useEffect(load, [load, currentVersion]);
  return (
    <section className="card panel" data-testid="cfg-page-versions">
      <h2>{t(['Версии настроек', 'Configuration versions'])}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>{t(['Версия', 'Version'])}</th>
            <th>{t(['Когда', 'When'])}</th>
            <th>{t(['Кто', 'Who'])}</th>
            <th>{t(['Что изменено', 'What changed'])}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(versions ?? []).map((v) => (
            <tr
              key={v.version}
              data-testid="version-row"
              data-version={v.version}
              data-number={v.number}
              data-current={v.current ? '1' : '0'}
            >
              <td data-testid="version-number">
                {v.number}
                {v.current && <span className="badge ok">{t(['действует', 'in force'])}</span>}
              </td>
              <td>
                {formatDate(v.at, lang, timeZone)}, {formatTime(v.at, lang, timeZone)}
              </td>
              <td>
                {v.actor.kind === 'system' ? t(['Система', 'System']) : <span translate="no">{v.actor.name}</span>}
                {v.actor.login && (
                  <span className="muted" translate="no">
                    {' '}
                    ({v.actor.login})
                  </span>
                )}
              </td>
              <td>
                <ul className="changes">
                  {v.changes.map((c) => (
                    <li key={c.en}>{tr(c)}</li>
                  ))}
                </ul>
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="btn btn-small"
                  data-testid={`version-view-${v.version}`}
                  onClick={() =>
                    call('configVersion', { params: { seq: v.version } }, { token }).then(setShown, onError)
                  }
                >
                  {t(['Показать', 'View'])}
                </button>
                {editable && !v.current && (
                  <button
                    type="button"
                    className="btn btn-small"
                    data-testid={`version-restore-${v.version}`}
                    onClick={async () => {
                      if (
                        !confirm(
                          t(
                            [
                              'Восстановить версию {v}? Она станет новой версией.',
                              'Restore version {v}? It becomes a new version.',
                            ],
                            { v: v.number },
                          ),
                        )
                      )
                        return;
                      try {
                        await call(
                          'restoreConfigVersion',
                          { params: { seq: v.version }, body: { baseVersion: currentVersion } },
                          { token },
                        );
                        onRestored();
                        load();
                      } catch (e) {
                        onError(e);
                      }
                    }}
                  >
                    {t(['Восстановить', 'Restore'])}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown && (
        <div className="version-view" data-testid="version-view" data-version={shown.version}>
          <h3>
            {t(['Версия {v}', 'Version {v}'], { v: shown.number })}{' '}
            <button type="button" className="btn btn-small" onClick={() => setShown(null)}>
              ✕
            </button>
          </h3>
          {schema?.properties ? (
            <div className="version-form">
              {Object.entries(schema.properties).map(([k, p]) => (
                <Field
                  key={k}
                  name={k}
                  schema={p}
                  value={(shown.config as Record<string, unknown>)[k]}
                  required
                  onChange={() => {}}
                  path={['version', k]}
                  ctx={{ draft: shown.config as Record<string, unknown>, readOnly: true, issues: NO_ISSUES }}
                />
              ))}
            </div>
          ) : (
            <pre>{JSON.stringify(shown.config, null, 2)}</pre>
          )}
        </div>
      )}
    </section>
  );
}

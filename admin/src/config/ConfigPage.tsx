import {
  type ConfigResponse,
  type ConfigSaveResponse,
  fieldIssues,
  type LocalText,
  type LoginResponse,
  OfficeConfig,
} from '@talon/protocol';
import { ApiError, call, isAuthError, type Pair, type UiError, useI18n } from '@talon/ui';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { canConfigure } from '../session.js';
import { Audit } from './Audit.js';
import { BookingSection } from './BookingSection.js';
import { Devices } from './Devices.js';
import { FIELD_LABELS, pathLabel } from './labels.js';
import { Notifications } from './Notifications.js';
import { PersonalData } from './PersonalData.js';
import { Presets } from './Presets.js';
import { RescueRule } from './RescueRule.js';
import { Field, type FormContext, type JsonSchema } from './SchemaForm.js';
import { Users } from './Users.js';
import { Versions } from './Versions.js';

interface Section {
  id: string;
  label: Pair;
  /** Top-level keys of the configuration edited here. */
  keys: string[];
}

const SECTIONS: Section[] = [
  { id: 'office', label: ['Офис', 'Office'], keys: ['name', 'address', 'timeZone', 'officeId', 'normPreset'] },
  { id: 'hours', label: ['Часы работы и приёма', 'Hours'], keys: ['officeHours', 'receptionHours', 'holidays'] },
  { id: 'segments', label: ['Категории посетителей', 'Visitor categories'], keys: ['segments'] },
  { id: 'services', label: ['Услуги и нормативы', 'Services and norms'], keys: ['services'] },
  { id: 'topics', label: ['Темы обращений', 'Topics'], keys: ['topics'] },
  { id: 'windows', label: ['Залы и окна', 'Halls and windows'], keys: ['halls', 'windows'] },
  { id: 'operators', label: ['Операторы', 'Operators'], keys: ['operators'] },
  { id: 'dispatch', label: ['Вызов и приоритет', 'Dispatch and priority'], keys: ['rules', 'priorityCategories'] },
  { id: 'breaks', label: ['Перерывы и итоги', 'Breaks and outcomes'], keys: ['breakReasons', 'outcomeCodes'] },
  { id: 'alarms', label: ['Пороги тревог', 'Alarm thresholds'], keys: ['alarms'] },
  {
    id: 'rating',
    label: ['Оценка и отзывы', 'Rating and feedback'],
    keys: ['rating', 'ratingReasons', 'feedbackTypes'],
  },
  { id: 'ticket', label: ['Талон и киоск', 'Ticket and kiosk'], keys: ['ticketLayout', 'kiosk'] },
  { id: 'booking', label: ['Предварительная запись', 'Bookings'], keys: ['booking'] },
];

const PAGES: { id: string; label: Pair }[] = [
  { id: 'users', label: ['Входы и пароли', 'Logins and passwords'] },
  { id: 'devices', label: ['Устройства', 'Devices'] },
  { id: 'presets', label: ['Профили нормативов', 'Norm presets'] },
  { id: 'versions', label: ['Версии', 'Versions'] },
  { id: 'audit', label: ['Журнал изменений', 'Change log'] },
  { id: 'personal-data', label: ['Персональные данные', 'Personal data'] },
  { id: 'notifications', label: ['Уведомления посетителей', 'Visitor notifications'] },
];

type Draft = Record<string, unknown>;

/**
 * The office configuration, drawn from the server's schema: known sections get their place, any
 * section added to `OfficeConfig` later appears by itself. Checked as you type (the same zod schema
 * the server uses), previewed as a list of changes, then saved as a new version.
 */
export function ConfigPage({
  session,
  section,
  onSection,
  liveVersion,
  onAuthLost,
}: {
  session: LoginResponse;
  section: string | null;
  onSection: (id: string) => void;
  liveVersion: number | null;
  onAuthLost: () => void;
}) {
  const { t, tr } = useI18n();
  const token = session.token;
  const editable = canConfigure(session.user);
  const [schema, setSchema] = useState<JsonSchema | null>(null);
  const [loaded, setLoaded] = useState<ConfigResponse | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  // the change list belongs to the draft it was computed for; any edit makes it stale
  const [previewed, setPreview] = useState<{ changes: LocalText[]; of: string } | null>(null);
  const [saved, setSaved] = useState<ConfigSaveResponse | null>(null);
  const [busy, setBusy] = useState(false);

  const fail = useCallback(
    (e: unknown) => {
      const err = e instanceof ApiError ? e.error : null;
      if (err && isAuthError(err)) onAuthLost();
      else setError(err ?? { code: 'NETWORK', message: { ru: 'Нет связи с сервером', en: 'No connection' } });
    },
    [onAuthLost],
  );

  const load = useCallback(async () => {
    try {
      const [sch, cfg] = await Promise.all([
        schema ? Promise.resolve(schema) : (call('configSchema', {}, { token }) as Promise<JsonSchema>),
        call('config', {}, { token }),
      ]);
      setSchema(sch);
      setLoaded(cfg);
      setDraft(structuredClone(cfg.config) as Draft);
      setPreview(null);
    } catch (e) {
      fail(e);
    }
  }, [token, schema, fail]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per token
  useEffect(() => {
    void load();
  }, [token]);

  const dirty = useMemo(
    () => !!loaded && !!draft && JSON.stringify(loaded.config) !== JSON.stringify(draft),
    [loaded, draft],
  );
  const newerOnServer = liveVersion !== null && loaded !== null && liveVersion > loaded.version;
  // someone else saved (or a restore happened): follow it unless there are unsaved edits
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the server's version moves
  useEffect(() => {
    if (newerOnServer && !dirty) void load();
  }, [newerOnServer]);

  const issues = useMemo(() => {
    const m = new Map<string, LocalText>();
    if (!draft) return m;
    const r = OfficeConfig.safeParse(draft);
    if (!r.success) for (const i of fieldIssues(r.error)) m.set(i.path, i.message);
    return m;
  }, [draft]);

  const preview = previewed && draft && previewed.of === JSON.stringify(draft) ? previewed.changes : null;
  const ctx: FormContext | null = draft ? { draft, readOnly: !editable, issues } : null;
  const known = new Set(SECTIONS.flatMap((s) => s.keys));
  const extra: Section[] = Object.keys(schema?.properties ?? {})
    .filter((k) => !known.has(k))
    .map((k) => ({ id: k, label: FIELD_LABELS[k] ?? ([k, k] as Pair), keys: [k] }));
  const sections = [...SECTIONS, ...extra]
    .map((s) => ({ ...s, keys: s.keys.filter((k) => schema?.properties?.[k]) }))
    .filter((s) => s.keys.length > 0);
  const current = section ?? 'office';
  const sec = sections.find((s) => s.id === current);

  const check = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const r = await call(
        'saveConfig',
        { body: { config: draft, baseVersion: loaded?.version, dryRun: true } },
        { token },
      );
      setPreview({ changes: r.changes, of: JSON.stringify(draft) });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('saveConfig', { body: { config: draft, baseVersion: loaded?.version } }, { token });
      setSaved(r);
      await load();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      setPreview(null);
    }
  };

  return (
    <div className="page config-page" data-testid="config" data-version={loaded?.version ?? ''}>
      <nav className="config-nav card">
        {sections.map((s) => (
          <button
            type="button"
            key={s.id}
            className={`config-nav-item ${s.id === current ? 'active' : ''}`}
            data-testid={`cfg-section-${s.id}`}
            onClick={() => onSection(s.id)}
          >
            {t(s.label)}
            {[...issues.keys()].some((k) => s.keys.includes(k.split('.')[0] ?? '')) && <span className="dot-bad" />}
          </button>
        ))}
        <hr />
        {PAGES.map((p) => (
          <button
            type="button"
            key={p.id}
            className={`config-nav-item ${p.id === current ? 'active' : ''}`}
            data-testid={`cfg-section-${p.id}`}
            onClick={() => onSection(p.id)}
          >
            {t(p.label)}
          </button>
        ))}
      </nav>
      <div className="config-body">
        {!editable && (
          <p className="notice" data-testid="config-readonly">
            {t([
              'Просмотр: изменять настройки может только администратор настроек',
              'View only: only the configuration administrator can change settings',
            ])}
          </p>
        )}
        {newerOnServer && dirty && (
          <p className="notice" data-testid="config-stale">
            {t([
              'Настройки изменены на сервере после того, как вы начали правку. Сохранение будет отклонено — обновите страницу',
              'The settings changed on the server after you started editing. Saving will be refused: reload',
            ])}
          </p>
        )}
        {error && (
          <div className="error" role="alert" data-testid="config-error" data-code={error.code}>
            {tr(error.message)}
            {Array.isArray(error.details) && (
              <ul>
                {(error.details as { path?: string; message?: LocalText; ids?: string[] }[]).map((d) => (
                  <li key={`${d.path}:${d.message?.en}`}>
                    {pathLabel(d.path ?? '', t)}: {tr(d.message)} {d.ids ? d.ids.join(', ') : ''}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {saved && (
          <p className="notice ok" data-testid="config-saved" data-version={saved.version} data-number={saved.number}>
            {saved.unchanged
              ? t(['Изменений нет', 'Nothing changed'])
              : t(
                  [
                    'Сохранено, версия {v}. Экраны уже получили изменения',
                    'Saved as version {v}. Screens already have it',
                  ],
                  { v: saved.number },
                )}
          </p>
        )}
        {current === 'users' && <Users token={token} editable={editable} draft={draft} onError={fail} />}
        {current === 'devices' && loaded && (
          <Devices
            token={token}
            editable={editable}
            windows={loaded.config.windows}
            timeZone={loaded.config.timeZone}
            onError={fail}
          />
        )}
        {current === 'presets' && (
          <Presets
            token={token}
            editable={editable}
            onLoad={(config, changes) => {
              setDraft(config as Draft);
              setPreview({ changes, of: JSON.stringify(config) });
              setSaved(null);
            }}
            onError={fail}
          />
        )}
        {current === 'versions' && loaded && (
          <Versions
            token={token}
            editable={editable}
            currentVersion={loaded.version}
            schema={schema}
            onRestored={load}
            timeZone={loaded.config.timeZone}
            onError={fail}
          />
        )}
        {current === 'audit' && loaded && <Audit token={token} timeZone={loaded.config.timeZone} onError={fail} />}
        {current === 'notifications' && loaded && (
          <Notifications token={token} editable={editable} timeZone={loaded.config.timeZone} onError={fail} />
        )}
        {current === 'personal-data' && loaded && (
          <PersonalData token={token} editable={editable} timeZone={loaded.config.timeZone} onError={fail} />
        )}
        {sec?.id === 'booking' && ctx && (
          <BookingSection ctx={ctx} onChange={(booking) => setDraft((d) => ({ ...(d ?? {}), booking }))} />
        )}
        {sec && sec.id !== 'booking' && ctx && schema?.properties && (
          <section className="card panel cfg-section" data-testid={`cfg-page-${sec.id}`}>
            <h2>{t(sec.label)}</h2>
            {sec.id === 'dispatch' && loaded && (
              <RescueRule
                token={token}
                rules={(draft?.rules ?? {}) as Record<string, unknown>}
                saved={loaded.config.rules}
                services={(draft?.services ?? []) as Record<string, unknown>[]}
                readOnly={!editable}
                onChange={(rules) => setDraft((d) => ({ ...(d ?? {}), rules }))}
              />
            )}
            {sec.keys.map((k) => (
              <Field
                key={k}
                name={k}
                schema={schema.properties?.[k] as JsonSchema}
                value={draft?.[k]}
                required={schema.required?.includes(k) ?? false}
                onChange={(v) =>
                  setDraft((d) => {
                    const next = { ...(d ?? {}) };
                    if (v === undefined) delete next[k];
                    else next[k] = v;
                    return next;
                  })
                }
                path={[k]}
                ctx={ctx}
              />
            ))}
          </section>
        )}
        {!loaded && !error && <p className="muted">{t(['Загрузка…', 'Loading…'])}</p>}
      </div>
      {editable && (dirty || preview) && (
        <div className="save-bar card" data-testid="save-bar">
          {issues.size > 0 && (
            <div className="error" data-testid="config-issues" data-count={issues.size}>
              {t(['Исправьте ошибки ({n}):', 'Fix the errors ({n}):'], { n: issues.size })}
              <ul>
                {[...issues].slice(0, 6).map(([p, m]) => (
                  <li key={p}>
                    {p ? pathLabel(p, t) : '—'}: {tr(m)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {preview && (
            <div data-testid="config-changes">
              <strong>{t(['Будет изменено:', 'What changes:'])}</strong>
              <ul>
                {preview.length === 0 && <li>{t(['Изменений нет', 'Nothing changes'])}</li>}
                {preview.map((c) => (
                  <li key={c.en} data-testid="config-change">
                    {tr(c)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div className="save-actions">
            <button
              type="button"
              className="btn"
              data-testid="config-discard"
              disabled={busy}
              onClick={() => {
                setDraft(loaded ? (structuredClone(loaded.config) as Draft) : null);
                setPreview(null);
              }}
            >
              {t(['Отменить правки', 'Discard'])}
            </button>
            {preview ? (
              <button
                type="button"
                className="btn btn-primary"
                data-testid="config-confirm"
                disabled={busy || issues.size > 0}
                onClick={() => void save()}
              >
                {t(['Сохранить и применить', 'Save and apply'])}
              </button>
            ) : (
              <button
                type="button"
                className="btn btn-primary"
                data-testid="config-save"
                disabled={busy || issues.size > 0}
                onClick={() => void check()}
              >
                {t(['Проверить изменения', 'Review changes'])}
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

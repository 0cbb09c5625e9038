import {
  type Branch,
  CONFIG_FIELD_LABELS,
  type OfficeRow,
  PROFILE_KEYS,
  type ProfileKey,
  type ProfileRow,
  type ProfileScope,
} from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { type FormEvent, useState } from 'react';
import { hq } from '../client.js';
import { issueList, Problem, useAction } from '../load.js';
import { S } from '../strings.js';

/** A starting value per section, so a ticked section opens with its shape rather than an empty box. */
const EXAMPLE: Record<ProfileKey, unknown> = {
  normPreset: 'rosatom',
  officeHours: { mon: [{ from: '08:00', to: '17:00' }] },
  receptionHours: { mon: [{ from: '09:00', to: '16:00' }] },
  holidays: [],
  segments: [],
  services: [],
  topics: [],
  priorityCategories: [],
  breakReasons: [],
  outcomeCodes: [],
  ratingReasons: [],
  feedbackTypes: [],
  rating: {},
  rules: {},
  ticketLayout: {},
  board: {},
};

/** A section's human name from the one table the office's settings form uses. */
export function keyLabel(key: ProfileKey, lang: 'ru' | 'en'): string {
  const pair = CONFIG_FIELD_LABELS[key];
  return pair ? pair[lang === 'ru' ? 0 : 1] : key;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (!text.trim()) return { ok: false, reason: '—' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** «Опубликовать профиль»: scope and target, title, the sections it holds as JSON, what stays local. */
export function PublishForm({
  token,
  onAuthLost,
  branches,
  offices,
  onPublished,
}: {
  token: string;
  onAuthLost: () => void;
  branches: readonly Branch[];
  offices: readonly OfficeRow[];
  onPublished: (p: ProfileRow) => void;
}) {
  const { t, tr, lang } = useI18n();
  const [scope, setScope] = useState<ProfileScope>('company');
  const [targetId, setTargetId] = useState('');
  const [title, setTitle] = useState('');
  const [keys, setKeys] = useState<ProfileKey[]>([]);
  const [texts, setTexts] = useState<Partial<Record<ProfileKey, string>>>({});
  const [local, setLocal] = useState<ProfileKey[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const action = useAction(onAuthLost);

  const toggleKey = (k: ProfileKey, on: boolean) => {
    setKeys((ks) => (on ? PROFILE_KEYS.filter((x) => x === k || ks.includes(x)) : ks.filter((x) => x !== k)));
    if (on && texts[k] === undefined) setTexts((tx) => ({ ...tx, [k]: JSON.stringify(EXAMPLE[k], null, 2) }));
    if (!on) setLocal((l) => l.filter((x) => x !== k));
  };
  // The server's PROFILE_INVALID issues, also shown under the section they are about.
  const serverIssues = action.error?.code === 'PROFILE_INVALID' ? issueList(action.error.details) : [];
  const parsed = Object.fromEntries(keys.map((k) => [k, parseJson(texts[k] ?? '')])) as Record<
    ProfileKey,
    ReturnType<typeof parseJson>
  >;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (!title.trim()) return setFormError(t(S.needTitle));
    if (scope !== 'company' && !targetId) return setFormError(t(S.needTarget));
    if (keys.length === 0) return setFormError(t(S.needKeys));
    if (keys.some((k) => !parsed[k]?.ok)) return setFormError(t(S.fixJson));
    setFormError(null);
    const config: Partial<Record<ProfileKey, unknown>> = {};
    for (const k of keys) {
      const p = parsed[k];
      if (p?.ok) config[k] = p.value;
    }
    const row = await action.run(() =>
      hq(
        'publishProfile',
        {
          body: {
            scope,
            ...(scope === 'company' ? {} : { targetId }),
            title: title.trim(),
            // zod types an enum-keyed record's input as holding every key; the schema takes any of them
            config: config as Record<ProfileKey, unknown>,
            local: local.filter((k) => keys.includes(k)),
          },
        },
        { token },
      ),
    );
    if (row) {
      setDone(row.version);
      onPublished(row);
    }
  };

  const targets =
    scope === 'branch'
      ? branches.map((b) => ({ id: b.id, label: tr(b.name) }))
      : offices.map((o) => ({ id: o.id, label: `${tr(o.name)} (${o.code})` }));

  return (
    <div className="publish">
      <form className="panel card form" data-testid="publish-form" onSubmit={submit} noValidate>
        <h2>{t(S.publishTitle)}</h2>
        <div className="form-row">
          <fieldset className="radios">
            <legend>{t(S.scope)}</legend>
            {(['company', 'branch', 'office'] as const).map((s) => (
              <label key={s} className="check">
                <input
                  type="radio"
                  name="scope"
                  value={s}
                  data-testid={`scope-${s}`}
                  checked={scope === s}
                  onChange={() => {
                    setScope(s);
                    setTargetId('');
                  }}
                />
                {t(s === 'company' ? S.scopeCompany : s === 'branch' ? S.scopeBranch : S.scopeOffice)}
              </label>
            ))}
          </fieldset>
          {scope !== 'company' && (
            <label className="field">
              <span>{t(S.target)}</span>
              <select data-testid="profile-target" value={targetId} onChange={(e) => setTargetId(e.target.value)}>
                <option value="">{t(S.chooseTarget)}</option>
                {targets.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field grow">
            <span>{t(S.title)}</span>
            <input
              data-testid="profile-title"
              value={title}
              maxLength={200}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
        </div>
        <fieldset className="keys">
          <legend>{t(S.keys)}</legend>
          {PROFILE_KEYS.map((k) => (
            <label key={k} className="check">
              <input
                type="checkbox"
                data-testid={`key-${k}`}
                checked={keys.includes(k)}
                onChange={(e) => toggleKey(k, e.target.checked)}
              />
              {keyLabel(k, lang)}
            </label>
          ))}
        </fieldset>
        {keys.map((k) => {
          const p = parsed[k];
          const id = `json-${k}`;
          return (
            <div key={k} className="json-field">
              <label className="field" htmlFor={id}>
                <span>{t(S.jsonOf, { key: keyLabel(k, lang) })}</span>
              </label>
              <textarea
                id={id}
                data-testid={id}
                className={`json ${p?.ok ? '' : 'invalid'}`}
                spellCheck={false}
                rows={Math.min(14, Math.max(3, (texts[k] ?? '').split('\n').length))}
                value={texts[k] ?? ''}
                aria-invalid={!p?.ok}
                aria-describedby={p?.ok ? undefined : `${id}-error`}
                onChange={(e) => setTexts((tx) => ({ ...tx, [k]: e.target.value }))}
              />
              {p && !p.ok && (
                <p className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
                  {t(S.jsonInvalid, { reason: p.reason })}
                </p>
              )}
              {serverIssues
                .filter((i) => i.path === k || i.path.startsWith(`${k}.`))
                .map((i) => (
                  <p key={`${i.path}:${i.message.en}`} className="field-error" data-testid={`${id}-issue`}>
                    {i.path}: {tr(i.message)}
                  </p>
                ))}
              <label className="check">
                <input
                  type="checkbox"
                  data-testid={`local-${k}`}
                  checked={local.includes(k)}
                  onChange={(e) => setLocal((l) => (e.target.checked ? [...l, k] : l.filter((x) => x !== k)))}
                />
                {t(S.localKeys)}
              </label>
            </div>
          );
        })}
        {keys.length > 0 && <p className="muted small">{t(S.localHint)}</p>}
        {formError && (
          <p className="error" role="alert" data-testid="publish-form-error">
            {formError}
          </p>
        )}
        {done !== null && (
          <p className="ok-box" role="status" data-testid="published">
            {t(S.publishedOk, { v: done })}
          </p>
        )}
        <button type="submit" className="btn btn-primary" data-testid="publish" disabled={action.busy}>
          {t(action.busy ? S.publishing : S.publish)}
        </button>
      </form>
      {action.error && (
        <aside className="publish-problems" aria-label={t(S.problems)}>
          <Problem error={action.error} testId="publish-error" />
        </aside>
      )}
    </div>
  );
}

import type { LocalText, RulesWhatIfAnswer, WhatIfFigures } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { useEffect, useState } from 'react';
import { useWhatIf } from '../staffing/useWhatIf.js';
import { RULE_SENTENCES, type RuleSentence } from './rule-sentences.js';
import './rescue.css';

type Rules = Record<string, unknown>;
interface ServiceLike {
  id?: unknown;
  name?: unknown;
  waitNormMin?: unknown;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`.replace('.', ',');
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * When a waiting ticket is called before everyone, in plain words, with the values edited inside the
 * sentences (the same draft as the form below), and the what-if's predicted effect of a change: the next
 * reception day with the advised plan, played with the saved values and with the edited ones.
 */
export function RescueRule({
  token,
  rules,
  saved,
  services,
  readOnly,
  onChange,
}: {
  token: string;
  rules: Rules;
  saved: Rules;
  services: ServiceLike[];
  readOnly: boolean;
  onChange: (rules: Rules) => void;
}) {
  const { t } = useI18n();
  const value = (key: RuleSentence['key'], from: Rules) => num(from[key]);
  const edited = RULE_SENTENCES.some((s) => value(s.key, rules) !== value(s.key, saved));
  // typing a number asks once it has settled, not at every key
  const [asked, setAsked] = useState<{ rescueAfterNormTimes?: number; rescuePastNormMin?: number | 'off' }>({});
  const times = value('rescueAfterNormTimes', rules);
  const past = value('rescuePastNormMin', rules);
  useEffect(() => {
    const timer = setTimeout(
      () =>
        setAsked(
          edited
            ? {
                ...(times !== undefined ? { rescueAfterNormTimes: times } : {}),
                rescuePastNormMin: past ?? 'off',
              }
            : {},
        ),
      600,
    );
    return () => clearTimeout(timer);
  }, [edited, times, past]);
  const { answer, error } = useWhatIf(token, { route: 'rulesWhatIf', query: asked });

  const set = (key: string, v: number | undefined) => {
    const next = { ...rules };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };

  return (
    <div className="rescue-rule card" data-testid="rescue-rule">
      <h3>{t(['Когда талон вызывается раньше всех', 'When a ticket is called before everyone'])}</h3>
      <ul className="rescue-sentences">
        {RULE_SENTENCES.map((s) => (
          <Sentence key={s.key} s={s} value={value(s.key, rules)} readOnly={readOnly} onChange={(v) => set(s.key, v)} />
        ))}
      </ul>
      <Examples rules={rules} services={services} />
      <Effect
        answer={answer}
        edited={edited}
        want={{ rescueAfterNormTimes: times ?? 2, rescuePastNormMin: past ?? null }}
        error={error?.message ?? null}
      />
    </div>
  );
}

function Sentence({
  s,
  value,
  readOnly,
  onChange,
}: {
  s: RuleSentence;
  value: number | undefined;
  readOnly: boolean;
  onChange: (v: number | undefined) => void;
}) {
  const { t } = useI18n();
  const on = value !== undefined;
  const [before, after] = t(s.sentence).split('{n}') as [string, string];
  return (
    <li className="rescue-sentence" data-testid={`rule-${s.key}`} data-on={on}>
      {s.optional && (
        <input
          type="checkbox"
          className="rescue-switch"
          checked={on}
          disabled={readOnly}
          aria-label={t(['Правило действует', 'The rule is on'])}
          data-testid={`rule-${s.key}-on`}
          onChange={(e) => onChange(e.target.checked ? Math.max(s.min, 2) : undefined)}
        />
      )}
      {on ? (
        <span>
          {before}
          <input
            type="number"
            className="rescue-value"
            min={s.min}
            max={s.max}
            step={s.step}
            value={value}
            disabled={readOnly}
            aria-label={t(s.sentence).replace('{n}', '…')}
            data-testid={`rule-${s.key}-value`}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (e.target.value !== '' && Number.isFinite(v)) onChange(Math.max(s.min, Math.min(s.max, v)));
            }}
          />
          {after}
        </span>
      ) : (
        <span className="muted">
          {before.trim()} … {after.trim()} — {t(s.off ?? ['не действует', 'off'])}
        </span>
      )}
    </li>
  );
}

/** What the bounds mean for the office's own services: called first after so many minutes of waiting. */
function Examples({ rules, services }: { rules: Rules; services: ServiceLike[] }) {
  const { t, tr } = useI18n();
  const rows = services
    .filter((s) => typeof s.waitNormMin === 'number')
    .slice(0, 4)
    .map((s) => {
      const norm = s.waitNormMin as number;
      const at = Math.min(
        ...RULE_SENTENCES.flatMap((r) => {
          const v = num(rules[r.key]);
          return v === undefined ? [] : [r.rescueAt(norm, v)];
        }),
      );
      return { id: String(s.id), name: tr(s.name as LocalText), norm, at };
    });
  if (rows.length === 0) return null;
  return (
    <ul className="rescue-examples muted" data-testid="rescue-examples">
      {rows.map((r) => (
        <li key={r.id}>
          {t(
            [
              '{name} (норматив {norm} мин): раньше всех — после {at} мин ожидания',
              '{name} (norm {norm} min): first after {at} min of waiting',
            ],
            {
              name: r.name,
              norm: r.norm,
              at: Math.round(r.at * 10) / 10,
            },
          )}
        </li>
      ))}
    </ul>
  );
}

function Effect({
  answer,
  edited,
  want,
  error,
}: {
  answer: RulesWhatIfAnswer | null;
  edited: boolean;
  /** The values in the sentences now: an answer for other values (asked before the last edit) is not shown. */
  want: RulesWhatIfAnswer['changed'];
  error: LocalText | null;
}) {
  const { t, tr, lang } = useI18n();
  const decimal = (x: number) => String(Math.round(x * 10) / 10).replace('.', lang === 'ru' ? ',' : '.');
  const stale = answer !== null && JSON.stringify(answer.changed) !== JSON.stringify(edited ? want : answer.current);
  if (error)
    return (
      <p className="danger-text" role="alert" data-testid="rescue-whatif-error">
        {tr(error)}
      </p>
    );
  if (!answer || answer.status === 'pending' || stale)
    return (
      <p className="whatif-pending" role="status" data-testid="rescue-whatif-pending">
        {t(['Считается прогноз…', 'Calculating the forecast…'])}
        {answer?.status === 'pending' && !stale ? ` ${answer.done} / ${answer.total}` : ''}
      </p>
    );
  const now = answer.plans.find((p) => p.id === 'current')?.day;
  const then = answer.plans.find((p) => p.id === 'changed')?.day;
  if (!now || !then) return null;
  const rows: [Parameters<typeof t>[0], (f: WhatIfFigures) => string, string][] = [
    [['В нормативе', 'Within the norm'], (f) => pct(f.withinShare), 'within'],
    [['90% ждут не дольше', '90% wait at most'], (f) => t(['{n} мин', '{n} min'], { n: decimal(f.p90WaitMin) }), 'p90'],
    [['Уходят, не дождавшись', 'Leave without being served'], (f) => pct(f.abandonedShare), 'leave'],
  ];
  return (
    <div className="rescue-effect" data-testid="rescue-whatif" data-edited={edited}>
      <p>
        {t(
          [
            'Прогноз на {date} по рекомендованному плану окон ({days} смоделированных дней по истории офиса):',
            'Forecast for {date} with the advised plan of windows ({days} simulated days from the office history):',
          ],
          { date: answer.date, days: answer.days },
        )}
      </p>
      <table className="whatif-summary">
        <thead>
          <tr>
            <th />
            <th>{t(['Сейчас', 'Now'])}</th>
            {edited && <th>{t(['С новым значением', 'With the new value'])}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, show, id]) => (
            <tr key={id} data-row={id}>
              <td>{t(label)}</td>
              <td data-plan="current">{show(now)}</td>
              {edited && <td data-plan="changed">{show(then)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
      {!edited && (
        <p className="muted">
          {t([
            'Измените значение в предложениях выше — здесь появится прогноз с новым значением.',
            'Change a value in the sentences above to see the forecast with the new value here.',
          ])}
        </p>
      )}
    </div>
  );
}

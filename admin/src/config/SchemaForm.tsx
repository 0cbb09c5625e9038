import type { LocalText } from '@talon/protocol';
import { type Pair, useI18n } from '@talon/ui';
import type { ReactNode } from 'react';
import { JsonEditor, ListEditor } from './ListEditor.js';
import { ENUM_LABELS, FIELD_LABELS, REFS, VALUE_CHOICES } from './labels.js';
import {
  DATE,
  defaultFor,
  type FormContext,
  HHMM,
  isLocalText,
  itemTitle,
  type JsonSchema,
  normalize,
  type Path,
  pathId,
  refOptions,
  typeOf,
} from './schema.js';

export type { FormContext, JsonSchema, Path } from './schema.js';

export interface FieldProps {
  schema: JsonSchema;
  value: unknown;
  onChange: (v: unknown) => void;
  path: Path;
  ctx: FormContext;
  /** The property name (labels and references come from it). */
  name: string;
  required?: boolean;
}

export function Field(props: FieldProps): ReactNode {
  const { t, tr } = useI18n();
  const s = normalize(props.schema);
  // every field of the schema has a label (protocol/src/config-labels.ts); a field a newer server adds
  // before this screen knows it falls back on the schema's own title
  const known = FIELD_LABELS[props.name];
  const label = known ? t(known as Pair) : (s.title ?? props.name);
  const issue = props.ctx.issues.get(pathId(props.path));
  const body = <Editor {...props} schema={s} />;
  const kind = typeOf(s);
  const block = kind === 'object' || (kind === 'array' && !s.prefixItems && !isChoiceList(s, props.name, props.ctx));
  if (block)
    return (
      <fieldset className="cfg-group" data-path={pathId(props.path)}>
        <legend>{label}</legend>
        {issue && <p className="cfg-issue">{tr(issue)}</p>}
        {body}
      </fieldset>
    );
  return (
    <div className={`cfg-field ${issue ? 'invalid' : ''}`}>
      <span className="cfg-label">{label}</span>
      {body}
      {issue && <span className="cfg-issue">{tr(issue)}</span>}
    </div>
  );
}

function isChoiceList(s: JsonSchema, name: string, ctx: FormContext): boolean {
  const items = s.items && normalize(s.items);
  return (
    !!items && typeOf(s) === 'array' && (!!items.enum || (typeOf(items) === 'string' && refOptions(ctx, name) !== null))
  );
}

export function Editor({ schema: s, value, onChange, path, ctx, name, required }: FieldProps): ReactNode {
  const { t, tr } = useI18n();
  const id = `cfg-${pathId(path)}`;
  const ro = ctx.readOnly;
  const kind = typeOf(s);
  const enumLabel = (v: unknown) => (ENUM_LABELS[String(v)] ? t(ENUM_LABELS[String(v)] as Pair) : String(v));

  if (s.enum) {
    return (
      <select
        data-testid={id}
        disabled={ro}
        value={value === undefined ? '' : JSON.stringify(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : JSON.parse(e.target.value))}
      >
        {!required && <option value="">—</option>}
        {s.enum.map((v) => (
          <option key={JSON.stringify(v)} value={JSON.stringify(v)}>
            {enumLabel(v)}
          </option>
        ))}
      </select>
    );
  }

  if (kind === 'object' && isLocalText(s)) {
    const v = (value ?? { ru: '', en: '' }) as LocalText;
    const long = (s.properties?.ru?.maxLength ?? 0) > 300 && name === 'documents';
    return (
      <div className="cfg-localtext">
        {(['ru', 'en'] as const).map((lang) => (
          <div key={lang} className="cfg-lang-row">
            <span className="cfg-lang">{lang.toUpperCase()}</span>
            {long ? (
              <textarea
                data-testid={`${id}.${lang}`}
                aria-label={lang.toUpperCase()}
                disabled={ro}
                value={v[lang] ?? ''}
                onChange={(e) => onChange({ ...v, [lang]: e.target.value })}
              />
            ) : (
              <input
                data-testid={`${id}.${lang}`}
                aria-label={lang.toUpperCase()}
                disabled={ro}
                value={v[lang] ?? ''}
                onChange={(e) => onChange({ ...v, [lang]: e.target.value })}
              />
            )}
          </div>
        ))}
        {!required && value !== undefined && !ro && (
          <button type="button" className="btn btn-small" onClick={() => onChange(undefined)}>
            ✕
          </button>
        )}
      </div>
    );
  }

  if (
    kind === 'object' &&
    s.propertyNames?.enum &&
    s.additionalProperties &&
    typeof s.additionalProperties === 'object'
  ) {
    // a record with known keys, e.g. a week schedule: one row per key, absent = not set
    const v = (value ?? {}) as Record<string, unknown>;
    const inner = s.additionalProperties;
    return (
      <div className="cfg-record">
        {s.propertyNames.enum.map((k) => {
          const key = String(k);
          const set = v[key] !== undefined;
          return (
            <div key={key} className="cfg-record-row">
              <label className="cfg-check">
                <input
                  type="checkbox"
                  data-testid={`${id}.${key}-on`}
                  disabled={ro}
                  checked={set}
                  onChange={(e) => {
                    const next = { ...v };
                    if (e.target.checked) next[key] = defaultFor(inner);
                    else delete next[key];
                    onChange(next);
                  }}
                />
                {enumLabel(key)}
              </label>
              {set && (
                <Editor
                  schema={normalize(inner)}
                  value={v[key]}
                  onChange={(x) => onChange({ ...v, [key]: x })}
                  path={[...path, key]}
                  ctx={ctx}
                  name={key}
                  required
                />
              )}
            </div>
          );
        })}
      </div>
    );
  }

  if (kind === 'object') {
    if (value === undefined)
      return ro ? (
        <p className="muted">{t(['Значения по умолчанию', 'Defaults'])}</p>
      ) : (
        <button type="button" className="btn" data-testid={`${id}-set`} onClick={() => onChange(defaultFor(s))}>
          {t(['Задать свои значения', 'Set own values'])}
        </button>
      );
    const v = value as Record<string, unknown>;
    return (
      <div className="cfg-object">
        {Object.entries(s.properties ?? {}).map(([k, p]) => (
          <Field
            key={k}
            name={k}
            schema={p}
            value={v[k]}
            required={s.required?.includes(k) ?? false}
            onChange={(x) => {
              const next = { ...v };
              if (x === undefined) delete next[k];
              else next[k] = x;
              onChange(next);
            }}
            path={[...path, k]}
            ctx={ctx}
          />
        ))}
        {!required && !ro && (
          <button
            type="button"
            className="btn btn-small"
            data-testid={`${id}-reset`}
            onClick={() => onChange(undefined)}
          >
            {t(['Вернуть значения по умолчанию', 'Back to defaults'])}
          </button>
        )}
      </div>
    );
  }

  if (kind === 'array' && s.prefixItems) {
    const v = (Array.isArray(value) ? value : s.prefixItems.map(defaultFor)) as unknown[];
    return (
      <span className="cfg-tuple">
        {s.prefixItems.map((p, i) => (
          <Editor
            // biome-ignore lint/suspicious/noArrayIndexKey: tuple positions are fixed
            key={i}
            schema={normalize(p)}
            value={v[i]}
            onChange={(x) => onChange(v.map((old, j) => (j === i ? x : old)))}
            path={[...path, i]}
            ctx={ctx}
            name={`${name}.${i}`}
            required
          />
        ))}
      </span>
    );
  }

  if (kind === 'array' && s.items) {
    const items = normalize(s.items);
    const v = (Array.isArray(value) ? value : []) as unknown[];
    const choices = items.enum
      ? items.enum.map((e) => ({ id: String(e), label: enumLabel(e) }))
      : typeOf(items) === 'string'
        ? refOptions(ctx, name)
        : null;
    if (choices) {
      const names = REFS[name] ? (ctx.draft[REFS[name] as string] as { id: string; name?: unknown }[]) : [];
      const labelOf = (c: { id: string; label: string }) => {
        const item = names?.find((x) => x.id === c.id);
        return item ? itemTitle(item, 0, tr) : c.label;
      };
      return (
        <div className="cfg-choices" data-testid={id}>
          {choices.map((c) => (
            <label key={c.id} className="cfg-check">
              <input
                type="checkbox"
                data-testid={`${id}-${c.id}`}
                disabled={ro}
                checked={v.includes(c.id)}
                onChange={(e) => onChange(e.target.checked ? [...v, c.id] : v.filter((x) => x !== c.id))}
              />
              {labelOf(c)}
            </label>
          ))}
        </div>
      );
    }
    return <ListEditor items={items} value={v} onChange={onChange} path={path} ctx={ctx} name={name} />;
  }

  if (kind === 'string' && VALUE_CHOICES[name]) {
    // a value from a set the schema cannot list (the engine's dispatch policies): a select with a hint each
    const choices = VALUE_CHOICES[name] ?? [];
    const chosen = choices.find((c) => c.value === value);
    return (
      <div className="cfg-choice-hinted">
        <select
          data-testid={id}
          disabled={ro}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          {!required && <option value="">—</option>}
          {value !== undefined && !chosen && <option value={String(value)}>{String(value)}</option>}
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {t(c.label)}
            </option>
          ))}
        </select>
        {chosen && (
          <span className="cfg-hint muted" data-testid={`${id}-hint`}>
            {t(chosen.hint)}
          </span>
        )}
      </div>
    );
  }

  if (kind === 'string') {
    const refs = refOptions(ctx, name);
    if (refs) {
      const names = ctx.draft[REFS[name] as string] as { id: string }[];
      return (
        <select
          data-testid={id}
          disabled={ro}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          <option value="">—</option>
          {refs.map((r) => (
            <option key={r.id} value={r.id}>
              {itemTitle(
                names.find((x) => x.id === r.id),
                0,
                tr,
              )}
            </option>
          ))}
        </select>
      );
    }
    // HH:MM stays a text field: «24:00» (end of day) is valid here but not in <input type="time">
    const type = s.pattern === DATE ? 'date' : 'text';
    const text = String(value ?? '');
    if ((s.maxLength ?? 0) > 200 && type === 'text')
      return (
        <textarea
          data-testid={id}
          disabled={ro}
          value={text}
          onChange={(e) => onChange(e.target.value === '' && !required ? undefined : e.target.value)}
        />
      );
    return (
      <input
        data-testid={id}
        type={type}
        className={s.pattern === HHMM ? 'cfg-hhmm' : undefined}
        placeholder={s.pattern === HHMM ? '09:00' : undefined}
        inputMode={s.pattern === HHMM ? 'numeric' : undefined}
        disabled={ro}
        value={text}
        onChange={(e) => onChange(e.target.value === '' && !required ? undefined : e.target.value)}
      />
    );
  }

  if (kind === 'number' || kind === 'integer') {
    return (
      <input
        data-testid={id}
        type="number"
        inputMode="decimal"
        disabled={ro}
        step={kind === 'integer' ? 1 : 'any'}
        min={s.minimum ?? s.exclusiveMinimum}
        max={s.maximum}
        value={value === undefined || value === null ? '' : String(value)}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
    );
  }

  if (kind === 'boolean') {
    return (
      <input
        data-testid={id}
        type="checkbox"
        disabled={ro}
        checked={value === true}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  }

  return <JsonEditor value={value} onChange={onChange} id={id} readOnly={ro} />;
}

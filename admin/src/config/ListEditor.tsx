import { useI18n } from '@talon/ui';
import { useState } from 'react';
import { Editor } from './SchemaForm.js';
import {
  defaultFor,
  type FormContext,
  isLocalText,
  itemTitle,
  type JsonSchema,
  type Path,
  pathId,
  typeOf,
} from './schema.js';

/** Lists of objects: one card each (collapsed to its name), add, remove, move. */
export function ListEditor({
  items,
  value,
  onChange,
  path,
  ctx,
  name,
}: {
  items: JsonSchema;
  value: unknown[];
  onChange: (v: unknown) => void;
  path: Path;
  ctx: FormContext;
  name: string;
}) {
  const { t, tr } = useI18n();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const id = `cfg-${pathId(path)}`;
  const objects = typeOf(items) === 'object' && !isLocalText(items);
  const toggle = (i: number) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(i)) n.delete(i);
      else n.add(i);
      return n;
    });
  const move = (i: number, d: number) => {
    const j = i + d;
    if (j < 0 || j >= value.length) return;
    const next = [...value];
    [next[i], next[j]] = [next[j], next[i]];
    onChange(next);
  };
  const hasIssue = (i: number) =>
    [...ctx.issues.keys()].some((k) => k.startsWith(`${pathId([...path, i])}.`) || k === pathId([...path, i]));
  return (
    <div className="cfg-list" data-testid={id} data-count={value.length}>
      {value.map((item, i) => {
        const expanded = !objects || open.has(i) || hasIssue(i);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: items are edited in place; ids may be blank while typing
          <div key={i} className={`cfg-item ${expanded ? 'open' : ''}`} data-testid={`${id}.${i}`}>
            <div className="cfg-item-head">
              {objects ? (
                <button
                  type="button"
                  className="cfg-item-title"
                  data-testid={`${id}.${i}-toggle`}
                  onClick={() => toggle(i)}
                >
                  {expanded ? '▾' : '▸'} {itemTitle(item, i, tr)}
                </button>
              ) : (
                <Editor
                  schema={items}
                  value={item}
                  onChange={(x) => onChange(value.map((old, j) => (j === i ? x : old)))}
                  path={[...path, i]}
                  ctx={ctx}
                  name={name}
                  required
                />
              )}
              {!ctx.readOnly && (
                <span className="cfg-item-tools">
                  <button type="button" className="btn btn-small" aria-label="up" onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button type="button" className="btn btn-small" aria-label="down" onClick={() => move(i, 1)}>
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    data-testid={`${id}.${i}-remove`}
                    onClick={() => onChange(value.filter((_, j) => j !== i))}
                  >
                    {t(['Удалить', 'Remove'])}
                  </button>
                </span>
              )}
            </div>
            {objects && expanded && (
              <Editor
                schema={items}
                value={item}
                onChange={(x) => onChange(value.map((old, j) => (j === i ? x : old)))}
                path={[...path, i]}
                ctx={ctx}
                name={name}
                required
              />
            )}
          </div>
        );
      })}
      {!ctx.readOnly && (
        <button
          type="button"
          className="btn"
          data-testid={`${id}-add`}
          onClick={() => {
            setOpen((o) => new Set(o).add(value.length));
            onChange([...value, defaultFor(items)]);
          }}
        >
          + {t(['Добавить', 'Add'])}
        </button>
      )}
    </div>
  );
}

/** Anything the form does not know how to draw: edited as JSON. */
export function JsonEditor({
  value,
  onChange,
  id,
  readOnly,
}: {
  value: unknown;
  onChange: (v: unknown) => void;
  id: string;
  readOnly: boolean;
}) {
  const [text, setText] = useState(() => JSON.stringify(value ?? null, null, 2));
  const [bad, setBad] = useState(false);
  return (
    <textarea
      data-testid={id}
      className={`cfg-json ${bad ? 'invalid' : ''}`}
      disabled={readOnly}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        try {
          onChange(JSON.parse(e.target.value));
          setBad(false);
        } catch {
          setBad(true);
        }
      }}
    />
  );
}

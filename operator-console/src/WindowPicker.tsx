import type { OfficeConfig, OperatorSession } from '@talon/protocol';
import { useI18n, useWindowLabel } from '@talon/ui';
import { S } from './strings.js';

/** The window this PC's operator worked at last time: a console PC usually stands at one window. */
const KEY = 'talon.operator.window';

export function rememberedWindow(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberWindow(windowId: string): void {
  try {
    localStorage.setItem(KEY, windowId);
  } catch {
    // private mode: the picker simply does not preselect
  }
}

interface WindowPickerProps {
  config: OfficeConfig;
  operators: Record<string, OperatorSession>;
  busy: boolean;
  onPick: (windowId: string) => void;
}

/** The windows of the office by hall; a window another operator works at is shown taken. */
export function WindowPicker({ config, operators, busy, onPick }: WindowPickerProps) {
  const { t, tr } = useI18n();
  const windowLabel = useWindowLabel();
  const remembered = rememberedWindow();
  const takenBy = new Map<string, string>();
  for (const o of Object.values(operators))
    if (o.windowId && o.status !== 'logged-out') takenBy.set(o.windowId, o.name);

  return (
    <section className="picker" aria-labelledby="picker-title">
      <h1 id="picker-title">{t(S.chooseWindow)}</h1>
      {config.halls.map((hall) => {
        const windows = config.windows.filter((w) => w.hallId === hall.id).sort((a, b) => a.number - b.number);
        if (windows.length === 0) return null;
        return (
          <div className="picker-hall" key={hall.id}>
            {config.halls.length > 1 && <h2>{tr(hall.name)}</h2>}
            <div className="picker-grid">
              {windows.map((w) => {
                const taken = takenBy.get(w.id);
                const mine = w.id === remembered;
                return (
                  <button
                    key={w.id}
                    type="button"
                    className={`btn picker-window${mine ? ' picker-remembered' : ''}`}
                    data-testid={`window-${w.id}`}
                    data-remembered={mine || undefined}
                    // biome-ignore lint/a11y/noAutofocus: the usual window of this PC, one Enter away
                    autoFocus={mine && taken === undefined}
                    disabled={busy || taken !== undefined}
                    onClick={() => onPick(w.id)}
                  >
                    <span className="picker-number">{windowLabel(w.kind, w.number)}</span>
                    <span className="picker-state">
                      {taken ? (
                        <>
                          {t(S.occupiedBy)} <span translate="no">{taken}</span>
                        </>
                      ) : (
                        t(S.free)
                      )}
                    </span>
                    {mine && <span className="picker-state">{t(S.rememberedWindow)}</span>}
                  </button>
                );
              })}
            </div>
          </div>
        );
      })}
    </section>
  );
}

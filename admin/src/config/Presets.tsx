import type { LocalText, NormPresetInfo, OfficeConfig } from '@talon/protocol';
import { call, useI18n } from '@talon/ui';
import { useEffect, useState } from 'react';

/** Norm presets: load one into the draft (the office itself stays), review, then save. */
export function Presets({
  token,
  editable,
  onLoad,
  onError,
}: {
  token: string;
  editable: boolean;
  onLoad: (config: OfficeConfig, changes: LocalText[]) => void;
  onError: (e: unknown) => void;
}) {
  const { t, tr } = useI18n();
  const [presets, setPresets] = useState<NormPresetInfo[]>([]);
  useEffect(() => {
    call('presets', {}, { token }).then(setPresets, onError);
  }, [token, onError]);
  return (
    <section className="card panel" data-testid="cfg-page-presets">
      <h2>{t(['Профили нормативов', 'Norm presets'])}</h2>
      <p className="muted">
        {t([
          'Профиль заменяет услуги, нормативы и меню тем киоска; офис, часы, окна и операторы остаются. Изменения попадут в черновик — проверьте и сохраните.',
          'A preset replaces the services, norms and kiosk menu; the office, hours, windows and operators stay. The changes go into the draft: review and save.',
        ])}
      </p>
      <div className="preset-grid">
        {presets.map((p) => (
          <article key={p.id} className="card preset" data-testid={`preset-${p.id}`}>
            <h3>{tr(p.name)}</h3>
            <p>{tr(p.summary)}</p>
            <p className="muted">{tr(p.source)}</p>
            <button
              type="button"
              className="btn"
              disabled={!editable}
              data-testid={`preset-load-${p.id}`}
              onClick={async () => {
                try {
                  const r = await call('previewPreset', { body: { preset: p.id } }, { token });
                  onLoad(r.config, r.changes);
                } catch (e) {
                  onError(e);
                }
              }}
            >
              {t(['Загрузить в черновик', 'Load into the draft'])}
            </button>
          </article>
        ))}
      </div>
    </section>
  );
}

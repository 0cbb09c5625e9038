import type { PublicMenu } from '@talon/protocol';
import { toUiError, type UiError } from '@talon/ui/errors';
import { useI18n } from '@talon/ui/i18n';
import { useEffect, useState } from 'react';
import { api } from './api.js';
import { ErrorNote } from './common.js';
import { Qr } from './Qr.js';
import { S } from './strings.js';

/** `/take/poster`: the sheet for the entrance door, with the QR of this office's `/take`. The admin prints it. */
export function Poster() {
  const { t, tr } = useI18n();
  const [menu, setMenu] = useState<PublicMenu | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  useEffect(() => {
    api
      .menu()
      .then(setMenu)
      .catch((e) => setError(toUiError(e)));
  }, []);
  if (!menu) return error ? <ErrorNote error={error} /> : <p className="hint">{t(S.loading)}</p>;
  return (
    <section className="poster" data-testid="poster">
      <p className="office-name">{tr(menu.office.name)}</p>
      <h1>{t(S.posterTitle)}</h1>
      <Qr text={menu.takeUrl} label={menu.takeUrl} testId="poster-qr" />
      <p className="poster-url" translate="no">
        {menu.takeUrl}
      </p>
      <p>{t(S.posterHint)}</p>
      <button type="button" className="btn btn-primary no-print" onClick={() => window.print()}>
        {t(S.print)}
      </button>
    </section>
  );
}

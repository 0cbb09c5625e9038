import { type FormEvent, type ReactNode, useState } from 'react';
import { HighContrastToggle } from './contrast.js';
import type { DevicePairing } from './device.js';
import { COMMON, LangToggle, useI18n } from './i18n.js';

/** Shown by a device screen that has no token: one code input, with the language and contrast toggles. */
export function PairingScreen({
  pairing,
  title,
  toolbar,
}: {
  pairing: DevicePairing;
  title: string;
  /** Replaces the default toggles. */
  toolbar?: ReactNode;
}) {
  const { t, tr } = useI18n();
  const [code, setCode] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (code.trim() && !pairing.busy) void pairing.pair(code);
  };
  return (
    <main className="pairing" data-testid="pairing">
      <form className="pairing-card" onSubmit={submit}>
        <h1>{title}</h1>
        <h2>{t(COMMON.pairingTitle)}</h2>
        {pairing.lost && !pairing.error && <p className="notice">{t(COMMON.pairingLost)}</p>}
        <label className="field">
          <span>{t(COMMON.pairingHint)}</span>
          <input
            data-testid="pairing-code"
            name="code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            inputMode="text"
            autoComplete="off"
            spellCheck={false}
            maxLength={16}
            aria-label={t(COMMON.pairingCode)}
          />
        </label>
        {pairing.error && (
          <p className="error" role="alert" data-testid="pairing-error">
            {tr(pairing.error.message)}
          </p>
        )}
        <button
          className="btn btn-primary"
          type="submit"
          data-testid="pairing-submit"
          disabled={pairing.busy || !code.trim()}
        >
          {t(pairing.busy ? COMMON.pairingBusy : COMMON.pairingSubmit)}
        </button>
      </form>
      <div className="pairing-toolbar">
        {toolbar ?? (
          <>
            <LangToggle />
            <HighContrastToggle />
          </>
        )}
      </div>
    </main>
  );
}

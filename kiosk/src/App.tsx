import { PairingScreen, useDevice, useI18n } from '@talon/ui';
import { Kiosk } from './Kiosk.js';
import { S } from './strings.js';

export function App() {
  const pairing = useDevice('kiosk');
  const { t } = useI18n();
  if (!pairing.device) {
    return (
      <div className="app-kiosk kiosk-pairing">
        <PairingScreen pairing={pairing} title={t(S.appTitle)} />
      </div>
    );
  }
  return <Kiosk token={pairing.device.token} onUnauthorized={pairing.forget} />;
}

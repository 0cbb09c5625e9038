import { PairingScreen, useDevice, useI18n } from '@talon/ui';
import { S } from './strings.js';
import { Terminal } from './Terminal.js';

export function App() {
  const pairing = useDevice('rating');
  const { t } = useI18n();
  if (!pairing.device) {
    return (
      <div className="app-kiosk rating-pairing">
        <PairingScreen pairing={pairing} title={t(S.appTitle)} />
      </div>
    );
  }
  return <Terminal token={pairing.device.token} onUnauthorized={pairing.forget} />;
}

import { PairingScreen, useDevice, useI18n } from '@talon/ui';
import { Board } from './Board.js';
import { S } from './strings.js';

export function App() {
  const pairing = useDevice('board');
  const { t } = useI18n();
  if (!pairing.device) {
    return <PairingScreen pairing={pairing} title={t(S.appTitle)} />;
  }
  return <Board token={pairing.device.token} onUnauthorized={pairing.forget} />;
}

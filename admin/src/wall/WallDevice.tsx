import { PairingScreen, useDevice, useI18n } from '@talon/ui';
import { useAdminFeed } from '../feed.js';
import { useAlarmSound, useMuted } from '../sound.js';
import { S } from '../strings.js';
import { WallScreen } from './WallScreen.js';

/**
 * A wall monitor paired as a device (`/admin/?pair=CODE#wall`): no person's session to expire at the
 * end of a shift, and no personal data — the `/wall` namespace gets the figures, the alarms and a
 * redacted state. It shows; acknowledging stays with a signed-in administrator.
 */
export function WallDevice() {
  const pairing = useDevice('wall');
  const { t } = useI18n();
  if (!pairing.device) return <PairingScreen pairing={pairing} title={t(S.wallDevice)} />;
  return <PairedWall token={pairing.device.token} onLost={pairing.forget} />;
}

function PairedWall({ token, onLost }: { token: string; onLost: () => void }) {
  const feed = useAdminFeed(token, onLost, '/wall');
  const [muted] = useMuted();
  const tones = useAlarmSound(feed.alarms, muted, feed.monitor?.alarmSettings.repeatSoundSec ?? 60);
  return <WallScreen feed={feed} tones={tones} />;
}

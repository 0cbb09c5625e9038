import { PairingScreen, useDevice, useI18n } from '@talon/ui';
import { useEffect, useState } from 'react';
import { useAdminFeed } from '../feed.js';
import { audioRunning, unlockAudio, useAlarmSound, useMuted } from '../sound.js';
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

function PairedWall({ token, onLost }: { token: string; onLost: (refused: string) => void }) {
  const { t } = useI18n();
  const feed = useAdminFeed(token, onLost, '/wall');
  const [muted] = useMuted();
  const [audioOk, setAudioOk] = useState(audioRunning);
  // Nobody signs in on a wall screen, so nothing has unlocked audio yet: try at once (a kiosk-mode browser
  // with the autoplay flag allows it), else the button below asks for one touch.
  useEffect(() => {
    void unlockAudio().then(setAudioOk);
  }, []);
  const tones = useAlarmSound(feed.alarms, muted, feed.monitor?.alarmSettings.repeatSoundSec ?? 60);
  // A browser without the autoplay flag needs one touch before an alarm can sound: the button sits in the
  // header, where it covers nothing of the hall.
  const unlock = !audioOk && !muted && (
    <button
      type="button"
      className="btn wall-sound-unlock"
      data-testid="wall-sound-unlock"
      onClick={() => void unlockAudio().then(setAudioOk)}
    >
      {t(S.soundBlocked)}
    </button>
  );
  return <WallScreen feed={feed} tones={tones} action={unlock} />;
}

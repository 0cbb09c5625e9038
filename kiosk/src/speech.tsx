import { KIOSK_TICKET_NUMBER } from '@talon/protocol';
import { routeUrl, useI18n } from '@talon/ui';
import { useSyncExternalStore } from 'react';
import { S } from './strings.js';

const KEY = 'talon.kiosk.speech';
const listeners = new Set<() => void>();

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

let on = read();

function setSpeech(next: boolean): void {
  on = next;
  try {
    localStorage.setItem(KEY, next ? '1' : '0');
  } catch {
    // storage unavailable: the mode lasts for this page
  }
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Whether the kiosk speaks its result; the toggle and the result screen share it. */
export function useSpeech(): boolean {
  return useSyncExternalStore(subscribe, () => on);
}

/** For visitors who cannot read the screen: the result is spoken once, in Russian. */
export function SpeechToggle({ className }: { className?: string }) {
  const { t } = useI18n();
  const speech = useSpeech();
  return (
    <button
      type="button"
      className={`toggle ${className ?? ''}`}
      data-testid="speech-toggle"
      aria-pressed={speech}
      onClick={() => setSpeech(!speech)}
    >
      <SpeakerIcon waves={speech} /> {t(S.speech)}
    </button>
  );
}

/** Drawn, not an emoji: kiosk PCs often have no emoji font. */
function SpeakerIcon({ waves }: { waves: boolean }) {
  return (
    <svg aria-hidden="true" width="1em" height="1em" viewBox="0 0 24 24" style={{ verticalAlign: '-0.125em' }}>
      <path d="M3 9h4l5-4v14l-5-4H3z" fill="currentColor" />
      {waves && (
        <path
          d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        />
      )}
    </svg>
  );
}

export const ticketSpeechUrl = (number: string) => routeUrl('ticketVoice', { params: { file: `${number}.wav` } });

/**
 * «Ваш талон ка двенадцать», played once when the result appears (the same renderer and voice as
 * the hall board). The visitor has just touched the screen, so the browser allows the sound.
 * Topic and category names are not spoken: the voice library has no recordings of them.
 */
export function TicketSpeech({ number }: { number: string }) {
  const speech = useSpeech();
  if (!speech || !KIOSK_TICKET_NUMBER.test(number)) return null;
  // biome-ignore lint/a11y/useMediaCaption: it speaks the number the screen shows in large print
  return <audio data-testid="kiosk-speech" src={ticketSpeechUrl(number)} autoPlay preload="auto" />;
}

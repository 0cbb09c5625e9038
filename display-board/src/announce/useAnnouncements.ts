import {
  ANNOUNCE_NAMESPACE,
  type AnnounceClientToServer,
  type AnnounceServerToClient,
  type BoardDeviceSettings,
} from '@talon/protocol';
import { connect } from '@talon/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AnnouncementPlayer, type AudioLogEntry, preciseNow, type SoundState } from './player.js';

/** Announcements older than this are no longer handed to the board's layout. */
const RECENT_MS = 5 * 60_000;

export interface Announcements {
  /** This board's settings from the server; null until the first `init`. */
  settings: BoardDeviceSettings | null;
  /** `off` when this board's sound is turned off by the administrator. */
  sound: SoundState | 'off';
  /** The announcement playing now. */
  playing: string | null;
  /**
   * This board's announcements of the last minutes (copies of the player's log, local clock): which
   * call is waiting for its slot, playing, or done, and when its slot ends.
   */
  recent: readonly AudioLogEntry[];
  /** Call from a touch or click to let the browser play sound. */
  unlock: () => void;
}

/**
 * The board's announcement channel: `/announce` on the same socket.io connection as `/board`.
 * Settings and announcements arrive here; each played announcement is reported back.
 */
export function useAnnouncements(token: string): Announcements {
  const [settings, setSettings] = useState<BoardDeviceSettings | null>(null);
  const [sound, setSound] = useState<SoundState>('checking');
  const [playing, setPlaying] = useState<string | null>(null);
  const [recent, setRecent] = useState<readonly AudioLogEntry[]>([]);
  const playerRef = useRef<AnnouncementPlayer | null>(null);

  useEffect(() => {
    // a refused token is handled by the board's `/board` socket (it unpairs); this one just stays closed
    const { socket, close } = connect<AnnounceServerToClient, AnnounceClientToServer>(ANNOUNCE_NAMESPACE, token);
    /** Server wall clock − local clock, refreshed by every message that carries the server's time. */
    let offset = 0;
    const serverTime = (t: number | undefined) => (t === undefined ? undefined : Math.round(t + offset));
    // reports sent while the link is down wait in socket.io's buffer and go out on reconnect;
    // their times are converted to the server's clock, so that the record compares across boards
    const player = new AnnouncementPlayer({
      ack: (ack) =>
        socket.emit(
          'ack',
          { ...ack, startedAt: serverTime(ack.startedAt), endedAt: serverTime(ack.endedAt) },
          () => {},
        ),
      onSound: setSound,
      onPlaying: setPlaying,
      onChange: () => {
        const since = preciseNow() - RECENT_MS;
        setRecent(player.log.filter((e) => e.receivedAt >= since).map((e) => ({ ...e })));
      },
    });
    playerRef.current = player;
    void player.probe();
    let soundOn = true;
    socket.on('init', (init) => {
      offset = init.serverTime - preciseNow();
      setSettings(init.settings);
      soundOn = init.settings.sound;
      if (!soundOn) player.clear();
      else for (const a of init.pending) player.enqueue(a, offset);
    });
    socket.on('announcement', (a, sentAt) => {
      offset = sentAt - preciseNow();
      if (soundOn) player.enqueue(a, offset);
    });
    return () => {
      player.dispose();
      playerRef.current = null;
      close();
    };
  }, [token]);

  const unlock = useCallback(() => {
    void playerRef.current?.unlock();
  }, []);

  return { settings, sound: settings && !settings.sound ? 'off' : sound, playing, recent, unlock };
}

import type { MonitorSnapshot } from '@talon/protocol';
import { HelpCalls } from '../kiosk-help/HelpCalls.js';
import { LiveQueueSwitch } from './LiveQueueSwitch.js';

/** What the hall administrator does from the monitor about outages and calls for help (issue 16). */
export function HallActions({ monitor, now, wall }: { monitor: MonitorSnapshot; now: number; wall?: boolean }) {
  // the wall screen shows the calls as alarms; switching modes is for a signed-in administrator's desk
  if (wall) return null;
  return (
    <>
      <HelpCalls pushed={monitor} now={now} />
      <LiveQueueSwitch on={monitor.liveQueue} timeZone={monitor.office?.timeZone} />
    </>
  );
}

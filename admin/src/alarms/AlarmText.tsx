import type { Alarm } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import type { ReactNode } from 'react';

/**
 * An alarm's message with the names people gave (a device's «Табло у входа», a backups folder) marked as
 * data: they read the same in either language, so the English screen carries them as they were typed.
 */
export function AlarmText({ alarm }: { alarm: Pick<Alarm, 'message' | 'subject'> }): ReactNode {
  const { tr } = useI18n();
  const text = tr(alarm.message);
  const { deviceName, backupDir, operatorName, comment } = alarm.subject;
  const names = [deviceName, backupDir, operatorName, comment].filter((n): n is string => !!n && text.includes(n));
  if (names.length === 0) return text;
  const parts: ReactNode[] = [];
  let rest = text;
  for (let i = 0; rest; i++) {
    const at = names.map((n) => ({ n, i: rest.indexOf(n) })).filter((x) => x.i >= 0);
    const first = at.sort((a, b) => a.i - b.i)[0];
    if (!first) {
      parts.push(rest);
      break;
    }
    if (first.i > 0) parts.push(rest.slice(0, first.i));
    parts.push(
      <span key={i} translate="no">
        {first.n}
      </span>,
    );
    rest = rest.slice(first.i + first.n.length);
  }
  return parts;
}

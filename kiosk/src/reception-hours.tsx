import { type OfficeConfig, WEEKDAY_SHORT, WEEKDAYS } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { S } from './strings.js';

export function ReceptionHours({ config }: { config: OfficeConfig }) {
  const { t } = useI18n();
  return (
    <div className="reception-hours" data-testid="reception-hours">
      <h2>{t(S.receptionHours)}</h2>
      <dl>
        {WEEKDAYS.map((d) => {
          const ranges = config.receptionHours[d] ?? [];
          return (
            <div key={d}>
              <dt>{t(WEEKDAY_SHORT[d])}</dt>
              <dd>{ranges.length ? ranges.map(([a, b]) => `${a}–${b}`).join(', ') : t(S.dayOff)}</dd>
            </div>
          );
        })}
      </dl>
    </div>
  );
}

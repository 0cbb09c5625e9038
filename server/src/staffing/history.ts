import { addDays, dayKeyOf, localTimeToEpoch, type OfficeHistory, officeHistory } from '@talon/engine';
import type { OfficeConfig } from '@talon/protocol';
import type { Store } from '../store/index.js';
import { bookingOutcomes } from './plans.js';

/**
 * The office's history over the last `weeks` complete weeks (yesterday and before), read from the visits
 * projection (and how the period's bookings ended, from the log). Past days do not change, so each (day,
 * weeks, configuration) is computed once and cached.
 */
export class HistoryCache {
  private key = '';
  private value: OfficeHistory | null = null;

  constructor(private readonly store: Store) {}

  get(config: OfficeConfig, now: number, weeks = 8): OfficeHistory {
    const today = dayKeyOf(now, config.timeZone);
    const key = `${today}|${weeks}|${config.officeId}|${JSON.stringify(config.services)}|${config.timeZone}`;
    if (this.value && this.key === key) return this.value;
    const fromDay = addDays(today, -7 * weeks);
    const toDay = addDays(today, -1);
    const bookings = bookingOutcomes(
      this.store.db,
      localTimeToEpoch(fromDay, '00:00', config.timeZone),
      localTimeToEpoch(today, '00:00', config.timeZone),
    );
    this.value = officeHistory(this.store.visits({ fromDay, toDay }), config, { fromDay, toDay }, bookings);
    this.key = key;
    return this.value;
  }
}

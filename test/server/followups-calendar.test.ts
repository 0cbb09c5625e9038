import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  deadlineState,
  dueDayOf,
  isWorkingDay,
  workingDaysBetween,
} from '../../server/src/followups/calendar.js';

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri'];
const plain = { workingWeekdays: WEEK, holidays: [] };

describe('working-day deadlines (seed 001: «не более 10 рабочих дней»)', () => {
  it('counts ten working days from the day after filing, skipping the weekend', () => {
    // Thu 26 Nov 2026: Fri 27 is day 1, the weekend is skipped, Thu 10 Dec is day 10
    expect(dueDayOf(plain, '2026-11-26', 10, 'working-days')).toBe('2026-12-10');
    // filed on a Friday, one working day later is Monday
    expect(addWorkingDays(plain, '2026-12-04', 1)).toBe('2026-12-07');
    // filed on a Saturday: Monday is day 1
    expect(addWorkingDays(plain, '2026-12-05', 1)).toBe('2026-12-07');
  });

  it("moves the deadline past the office's holidays", () => {
    const cal = { workingWeekdays: WEEK, holidays: ['2026-12-08'] };
    expect(isWorkingDay(cal, '2026-12-08')).toBe(false);
    expect(dueDayOf(cal, '2026-11-26', 10, 'working-days')).toBe('2026-12-11');
    // the New Year holidays: filed Wed 30 Dec, the 31st and 1–8 Jan off, the 9th–10th a weekend
    const newYear = {
      workingWeekdays: WEEK,
      holidays: ['2026-12-31', ...[1, 2, 3, 4, 5, 6, 7, 8].map((d) => `2027-01-0${d}`)],
    };
    expect(dueDayOf(newYear, '2026-12-30', 2, 'working-days')).toBe('2027-01-12');
  });

  it('follows the working week of the office when Saturday is a working day', () => {
    const sixDays = { workingWeekdays: [...WEEK, 'sat'], holidays: [] };
    expect(addWorkingDays(sixDays, '2026-12-04', 1)).toBe('2026-12-05');
    expect(dueDayOf(sixDays, '2026-11-26', 10, 'working-days')).toBe('2026-12-08');
  });

  it('counts calendar days for a legal entity’s contract and moves a deadline off a day off', () => {
    // 26 Nov + 30 days = Sat 26 Dec → Monday 28 Dec (Civil Code art. 193)
    expect(dueDayOf(plain, '2026-11-26', 30, 'calendar-days')).toBe('2026-12-28');
    // 1 Dec + 30 = Thu 31 Dec, a working day unless it is the office's holiday
    expect(dueDayOf(plain, '2026-12-01', 30, 'calendar-days')).toBe('2026-12-31');
    expect(dueDayOf({ workingWeekdays: WEEK, holidays: ['2026-12-31'] }, '2026-12-01', 30, 'calendar-days')).toBe(
      '2027-01-01',
    );
  });

  it('counts the working days left and says when the deadline is near or missed', () => {
    expect(workingDaysBetween(plain, '2026-12-04', '2026-12-07')).toBe(1);
    expect(workingDaysBetween(plain, '2026-12-10', '2026-12-10')).toBe(0);
    const due = '2026-12-10';
    expect(deadlineState(plain, '2026-12-07', due, 2)).toEqual({ state: 'ok', workingDaysLeft: 3 });
    expect(deadlineState(plain, '2026-12-08', due, 2)).toEqual({ state: 'soon', workingDaysLeft: 2 });
    expect(deadlineState(plain, due, due, 2)).toEqual({ state: 'soon', workingDaysLeft: 0 });
    expect(deadlineState(plain, '2026-12-11', due, 2).state).toBe('missed');
    // a holiday in between brings the warning a day earlier in the calendar
    const withHoliday = { workingWeekdays: WEEK, holidays: ['2026-12-09'] };
    expect(deadlineState(withHoliday, '2026-12-07', due, 2)).toEqual({ state: 'soon', workingDaysLeft: 2 });
    // on the Friday before a Monday deadline one working day is left: the weekend does not count
    expect(deadlineState(plain, '2026-12-04', '2026-12-07', 2)).toEqual({ state: 'soon', workingDaysLeft: 1 });
  });
});

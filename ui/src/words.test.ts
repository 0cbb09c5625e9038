import { pluralRu as protocolPlural, WEEKDAY_FULL, WEEKDAY_SHORT, WEEKDAYS } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { pluralRu } from './i18n.js';

describe('shared words', () => {
  it('pluralRu: one rule for screens and printed tickets', () => {
    expect(pluralRu).toBe(protocolPlural);
    const people = (n: number) => `${n} ${pluralRu(n, 'человек', 'человека', 'человек')}`;
    const tickets = (n: number) => `${n} ${pluralRu(n, 'талон', 'талона', 'талонов')}`;
    expect([0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 122].map(tickets)).toEqual([
      '0 талонов',
      '1 талон',
      '2 талона',
      '4 талона',
      '5 талонов',
      '11 талонов',
      '12 талонов',
      '14 талонов',
      '21 талон',
      '22 талона',
      '25 талонов',
      '101 талон',
      '111 талонов',
      '112 талонов',
      '122 талона',
    ]);
    expect(people(3)).toBe('3 человека');
  });

  it('names every weekday in both languages', () => {
    expect(WEEKDAYS.map((d) => WEEKDAY_SHORT[d][0])).toEqual(['Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс']);
    expect(WEEKDAYS.map((d) => WEEKDAY_SHORT[d][1])).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(WEEKDAY_FULL.mon).toEqual(['Понедельник', 'Monday']);
    expect(WEEKDAY_FULL.sun).toEqual(['Воскресенье', 'Sunday']);
  });
});

import { describe, expect, it } from 'vitest';
import { rosatomDemoOffice } from '../demo/rosatom-office.js';
import { diffConfigs } from './config-diff.js';

describe('configuration diff summary', () => {
  it('names added, removed and changed items and changed settings, in Russian and English', () => {
    const a = rosatomDemoOffice();
    const b = structuredClone(a);
    b.topics.push({
      id: 'heat',
      name: { ru: 'Теплоснабжение', en: 'Heating' },
      segmentIds: ['individual'],
      serviceId: 'consult',
      ask: 'none',
    });
    b.topics = b.topics.filter((t) => t.id !== 'payment');
    const consult = b.services.find((s) => s.id === 'consult');
    if (consult) consult.waitNormMin = 10;
    b.rules.priorityMaxInRow = 3;
    const ru = diffConfigs(a, b).map((l) => l.ru);
    expect(ru).toEqual([
      'Услуги: изменено «Консультация» (waitNormMin: 8 → 10)',
      'Темы обращений: добавлено «Теплоснабжение»',
      'Темы обращений: удалено «Оплата электроэнергии»',
      'Правила вызова и приоритета: priorityMaxInRow: 2 → 3',
    ]);
    expect(diffConfigs(a, b)[1]?.en).toBe('Topics: added "Heating"');
    expect(diffConfigs(a, structuredClone(a))).toEqual([]);
    expect(diffConfigs(null, a)).toHaveLength(1);
  });
});

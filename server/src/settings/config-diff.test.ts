import { builtInPolicies } from '@talon/engine';
import { CONFIG_VALUE_CHOICES } from '@talon/protocol';
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
      'Услуга «Консультация»: норматив ожидания, мин: 8 → 10',
      'Темы обращений: добавлено «Теплоснабжение»',
      'Темы обращений: удалено «Оплата электроэнергии»',
      'Правила вызова и приоритета: приоритетных вызовов подряд: 2 → 3',
    ]);
    expect(diffConfigs(a, b)[1]?.en).toBe('Topics: added "Heating"');
    expect(diffConfigs(a, structuredClone(a))).toEqual([]);
    expect(diffConfigs(null, a)).toHaveLength(1);
  });

  it('says what happened in words, never as raw JSON or field ids', () => {
    const a = rosatomDemoOffice();
    const b = structuredClone(a);
    const op = b.operators[0];
    if (!op) throw new Error('the demo office has operators');
    const added = a.services.find((s) => !op.skills.includes(s.id));
    const removed = op.skills[0];
    op.skills = [...op.skills.filter((s) => s !== removed), ...(added ? [added.id] : [])];
    b.rules.dispatchPolicy = 'oldest-overall';
    b.rules.protectOverdueRegular = !a.rules.protectOverdueRegular;
    b.receptionHours.mon = [['10:00', '17:00']];
    b.board = {
      ...(b.board ?? {}),
      announce: { ...(b.board?.announce ?? {}), numberStyle: 'digits' },
    } as typeof b.board;
    const lines = diffConfigs(a, b);
    const ru = lines.map((l) => l.ru);
    const nameOf = (id: string | undefined) => a.services.find((s) => s.id === id)?.name.ru;
    if (added) expect(ru).toContain(`Оператор ${op.name}: добавлена услуга «${added.name.ru}»`);
    expect(ru).toContain(`Оператор ${op.name}: убрана услуга «${nameOf(removed)}»`);
    expect(ru).toContain(
      'Правила вызова и приоритета: правило выбора талона: «Срок по нормативу со страховкой» → «Самый ранний талон»',
    );
    expect(ru.some((l) => /^Часы приёма посетителей: понедельник: .* → 10:00–17:00$/.test(l))).toBe(true);
    expect(ru.some((l) => l.includes('по цифрам: К-012'))).toBe(true);
    expect(ru.some((l) => /не обгонять обычный талон сверх норматива: (да → нет|нет → да)/.test(l))).toBe(true);
    for (const l of ru)
      expect(l).not.toMatch(/[[\]{}]|skills|dispatchPolicy|numberStyle|norm-deadline|digits|true|false/);
  });

  it('offers every dispatch policy of the engine, by the engine’s own name', () => {
    const choices = CONFIG_VALUE_CHOICES.dispatchPolicy ?? [];
    expect(choices.map((c) => c.value).sort()).toEqual(Object.keys(builtInPolicies).sort());
    for (const c of choices)
      expect(c.label).toEqual([builtInPolicies[c.value]?.name.ru, builtInPolicies[c.value]?.name.en]);
  });
});

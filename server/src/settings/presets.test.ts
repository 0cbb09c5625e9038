import { NORM_PRESET_IDS, OfficeConfig } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { rosatomDemoOffice } from '../demo/rosatom-office.js';
import { applyPreset, PRESETS, presetInfo, presetOffice } from './presets/index.js';

const norms = (id: (typeof NORM_PRESET_IDS)[number]) =>
  Object.fromEntries(PRESETS[id].services.map((s) => [s.id, [s.waitNormMin, s.serviceNormMin]]));
const topicNorm = (id: (typeof NORM_PRESET_IDS)[number], topicId: string) =>
  PRESETS[id].topics.find((t) => t.id === topicId)?.serviceNormMin;

describe('norm presets', () => {
  it.each(NORM_PRESET_IDS)('%s builds an office that parses with OfficeConfig and a realistic menu', (id) => {
    const office = presetOffice(id);
    expect(OfficeConfig.safeParse(office).success).toBe(true);
    expect(office.normPreset).toBe(id);
    expect(office.topics.length).toBeGreaterThanOrEqual(10);
    // every service is reachable from the kiosk, and every segment has something to choose
    for (const s of office.services) expect(office.topics.some((t) => t.serviceId === s.id)).toBe(true);
    for (const seg of office.segments) expect(office.topics.some((t) => t.segmentIds.includes(seg.id))).toBe(true);
    // prefixes are unique: numbering is per prefix
    expect(new Set(office.services.map((s) => s.prefix)).size).toBe(office.services.length);
  });

  it('carries the figures of DOMAIN.md "Norm profiles"', () => {
    // rosatom, seed 001 §3.5: wait 8 / 4 / 12, service 8 / 4 / 16, visit ≤ 33; annex per-topic norms
    expect(norms('rosatom')).toMatchObject({ consult: [8, 8], cash: [4, 4], 'consult-cash': [12, 16] });
    expect(presetOffice('rosatom').rules.totalNormMin).toBe(33);
    expect(topicNorm('rosatom', 're-register')).toBe(12);
    expect(topicNorm('rosatom', 'instalment')).toBe(30);
    expect(topicNorm('rosatom', 'no-debt')).toBe(33);
    expect(topicNorm('rosatom', 'meter-readings')).toBe(8);
    expect(topicNorm('rosatom', 'contract-documents-list')).toBe(5);
    // kostroma, seed 004: wait ≤ 15, consultation 20, contract documents 20
    expect(norms('kostroma')).toMatchObject({ consult: [15, 20], documents: [15, 20] });
    expect(presetOffice('kostroma').rules.totalNormMin).toBeUndefined();
    // belgorod, seed 003 §6.2.5 / §11.3: wait 20 everywhere
    expect(Object.values(norms('belgorod')).every(([w]) => w === 20)).toBe(true);
    expect(norms('belgorod')).toMatchObject({
      consult: [20, 20],
      bills: [20, 15],
      cash: [20, 10],
      reconciliation: [20, 25],
    });
    expect(topicNorm('belgorod', 're-register')).toBe(25);
    expect(topicNorm('belgorod', 'instalment')).toBe(25);
    expect(topicNorm('belgorod', 'no-debt')).toBe(20);
    expect(presetInfo().map((p) => p.id)).toEqual([...NORM_PRESET_IDS]);
  });

  it('applied to an existing office keeps the office and gives operators skills that exist', () => {
    const demo = rosatomDemoOffice();
    for (const id of NORM_PRESET_IDS) {
      const next = applyPreset(demo, id);
      expect(next.officeId).toBe(demo.officeId);
      expect(next.windows).toEqual(demo.windows);
      expect(next.breakReasons).toEqual(demo.breakReasons);
      expect(next.operators.map((o) => o.id)).toEqual(demo.operators.map((o) => o.id));
      const services = new Set(next.services.map((s) => s.id));
      for (const op of next.operators) {
        expect(op.skills.length).toBeGreaterThan(0);
        for (const s of op.skills) expect(services.has(s)).toBe(true);
      }
      expect(next.topics).toEqual(OfficeConfig.parse(presetOffice(id)).topics);
    }
    expect(applyPreset(demo, 'kostroma').rules.totalNormMin).toBeUndefined();
  });
});

import { DIGITAL_ONBOARDING_MIN, type LocalText, type OfficeConfig, serviceNormMin } from '@talon/protocol';

/** One OfficeConfigured event: the norms in force from `at` until the next one. */
export interface ConfigVersion {
  seq: number;
  at: number;
  config: OfficeConfig;
}

interface CompiledNorms {
  at: number;
  seq: number;
  timeZone: string;
  waitSec: Map<string, number>;
  serviceSec: Map<string, number>;
  topicServiceSec: Map<string, number>;
  totalSec: number | null;
}

export interface VisitNorms {
  waitNormSec: number | null;
  serviceNormSec: number | null;
  totalNormSec: number | null;
  timeZone: string;
}

/**
 * Norms as they were when a visit was issued: the latest OfficeConfigured at or before its issue.
 * A visit is judged on the service it first asked for (its wait was for that queue); the service
 * norm is its topic's when the topic sets one (seed 001 annex), else the service's.
 */
export class NormBook {
  private readonly versions: CompiledNorms[];
  private last: CompiledNorms | undefined;

  constructor(versions: readonly ConfigVersion[]) {
    this.versions = [...versions]
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .map(({ seq, at, config }) => ({
        seq,
        at,
        timeZone: config.timeZone,
        waitSec: new Map(config.services.map((s) => [s.id, s.waitNormMin * 60])),
        // the console's and the alarms' computation, once per configuration version
        serviceSec: new Map(
          config.services.map((s) => [s.id, (serviceNormMin(config, { serviceId: s.id }) ?? 0) * 60]),
        ),
        topicServiceSec: new Map(
          config.topics
            .filter((t) => t.serviceNormMin !== undefined)
            .map((t) => [t.id, (serviceNormMin(config, { serviceId: t.serviceId, topicId: t.id }) ?? 0) * 60]),
        ),
        totalSec: config.rules.totalNormMin === undefined ? null : config.rules.totalNormMin * 60,
      }));
  }

  get empty(): boolean {
    return this.versions.length === 0;
  }

  /** True when the configuration was changed (not first set up) between `fromAt` and `toAt`. */
  changedWithin(fromAt: number, toAt: number): boolean {
    return this.versions.some((v, i) => i > 0 && v.at > fromAt && v.at < toAt);
  }

  private versionAt(at: number): CompiledNorms | undefined {
    // Visits arrive roughly in time order and configurations change rarely: try the last answer first.
    const last = this.last;
    if (last) {
      const i = this.versions.indexOf(last);
      const next = this.versions[i + 1];
      if (last.at <= at && (!next || next.at > at)) return last;
    }
    let found = this.versions[0];
    for (const v of this.versions) {
      if (v.at <= at) found = v;
      else break;
    }
    this.last = found;
    return found;
  }

  normsFor(issuedAt: number, serviceId: string, topicId: string | null): VisitNorms {
    const v = this.versionAt(issuedAt);
    if (!v) return { waitNormSec: null, serviceNormSec: null, totalNormSec: null, timeZone: 'UTC' };
    return {
      waitNormSec: v.waitSec.get(serviceId) ?? null,
      serviceNormSec:
        (topicId !== null ? v.topicServiceSec.get(topicId) : undefined) ?? v.serviceSec.get(serviceId) ?? null,
      totalNormSec: v.totalSec,
      timeZone: v.timeZone,
    };
  }
}

/**
 * A visit's service norm with the digital-onboarding minutes (seed 001 §3.5) when it had onboarding.
 * Applied as the facts are read, so cached day facts (which keep the plain norm) stay valid.
 */
export function withOnboardingSec(normSec: number | null, digitalOnboarding: boolean): number | null {
  return normSec !== null && digitalOnboarding ? normSec + DIGITAL_ONBOARDING_MIN * 60 : normSec;
}

const same = (s: string): LocalText => ({ ru: s, en: s });

/**
 * Display names for ids, newest configuration first, so that a service renamed last month shows its
 * current name and a service removed since still shows the name it had.
 */
export class NameBook {
  private readonly names = new Map<string, LocalText>();

  constructor(configs: readonly OfficeConfig[]) {
    for (const c of [...configs].reverse()) {
      const put = (k: string, t: LocalText) => {
        if (!this.names.has(k)) this.names.set(k, t);
      };
      for (const s of c.services) put(`service:${s.id}`, s.name);
      for (const t of c.topics) put(`topic:${t.id}`, t.name);
      for (const s of c.segments) put(`segment:${s.id}`, s.name);
      for (const o of c.operators) put(`operator:${o.id}`, same(o.name));
      for (const w of c.windows)
        put(
          `window:${w.id}`,
          w.kind === 'cabinet'
            ? { ru: `Кабинет ${w.number}`, en: `Room ${w.number}` }
            : { ru: `Окно ${w.number}`, en: `Window ${w.number}` },
        );
      for (const r of c.breakReasons) put(`break:${r.id}`, r.name);
      for (const o of c.outcomeCodes) put(`outcome:${o.id}`, o.name);
      for (const p of c.priorityCategories) put(`priority:${p.id}`, p.name);
    }
  }

  name(kind: 'service' | 'topic' | 'segment' | 'operator' | 'window' | 'break' | 'outcome' | 'priority', id: string) {
    if (id === '') return NONE[kind];
    return this.names.get(`${kind}:${id}`) ?? same(id);
  }
}

const NONE = {
  service: { ru: 'Без услуги', en: 'No service' },
  topic: { ru: 'Без темы', en: 'No topic' },
  segment: { ru: 'Не указана', en: 'Not given' },
  operator: { ru: 'Не вызван', en: 'Never called' },
  window: { ru: 'Не вызван', en: 'Never called' },
  break: { ru: 'Без причины', en: 'No reason' },
  outcome: { ru: '—', en: '—' },
  priority: { ru: '—', en: '—' },
} satisfies Record<string, LocalText>;

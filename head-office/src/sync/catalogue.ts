import type { SyncEvent } from '@talon/protocol';
import type { Queryable } from '../context.js';
import { type Payload, str } from './payload.js';

type Kind = 'service' | 'topic' | 'operator';

/**
 * Names for reports from the batch's OfficeConfigured events, the latest winning. Services and topics
 * are named in both languages (LocalText); an operator's name is the plain string the office uses.
 */
export function catalogueItems(events: readonly SyncEvent[]): Map<string, { kind: Kind; id: string; name: unknown }> {
  const items = new Map<string, { kind: Kind; id: string; name: unknown }>();
  for (const e of events) {
    if (e.type !== 'OfficeConfigured') continue;
    const config = (e.payload as Payload).config as Partial<Record<'services' | 'topics' | 'operators', unknown>>;
    if (typeof config !== 'object' || config === null) continue;
    const lists: [Kind, unknown][] = [
      ['service', config.services],
      ['topic', config.topics],
      ['operator', config.operators],
    ];
    for (const [kind, list] of lists) {
      if (!Array.isArray(list)) continue;
      for (const item of list as Payload[]) {
        const id = str(item?.id);
        if (!id || item.name === undefined) continue;
        items.set(`${kind}\u0000${id}`, { kind, id, name: item.name });
      }
    }
  }
  return items;
}

export async function applyCatalogue(db: Queryable, officeId: string, events: readonly SyncEvent[]): Promise<void> {
  const items = [...catalogueItems(events).values()];
  if (items.length === 0) return;
  await db.query(
    `INSERT INTO office_catalogue (office_id, kind, item_id, name)
     SELECT $1, k, i, n::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS u(k, i, n)
     ON CONFLICT (office_id, kind, item_id) DO UPDATE SET name = EXCLUDED.name`,
    [officeId, items.map((i) => i.kind), items.map((i) => i.id), items.map((i) => JSON.stringify(i.name))],
  );
}

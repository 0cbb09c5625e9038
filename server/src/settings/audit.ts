import type { Actor, ActorInfo, AuditAction, AuditEntry, LocalText } from '@talon/protocol';
import type Database from 'better-sqlite3';
import type { Store } from '../store/index.js';

/** Who an event's actor is, for people: login and name from the users table. */
export function actorInfo(store: Store, actor: Actor): ActorInfo {
  if (actor.kind === 'system') return { kind: 'system', id: null, login: null, name: 'Система · System' };
  if (actor.kind === 'device' && actor.role === 'head-office')
    return { kind: 'device', id: actor.deviceId, login: null, name: 'Головной офис · Head office' };
  if (actor.kind === 'device') {
    const d = store.findDevice(actor.deviceId);
    return { kind: 'device', id: actor.deviceId, login: null, name: d?.name ?? actor.deviceId };
  }
  const u = store.findUserById(actor.userId);
  return { kind: 'user', id: actor.userId, login: u?.login ?? null, name: u?.name ?? actor.userId };
}

interface AuditRow {
  at: number;
  actor: string;
  action: AuditAction;
  target: string | null;
  changes: string;
}

/**
 * Administrative actions that are not domain events (logins, passwords, devices, acknowledgements).
 * Configuration changes are events already; the audit view merges both.
 */
export class AdminAudit {
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly store: Store,
  ) {
    this.s = {
      insert: db.prepare<[number, string, string, string | null, string]>(
        'INSERT INTO admin_audit (at, actor, action, target, changes) VALUES (?, ?, ?, ?, ?)',
      ),
      list: db.prepare<[number, number, number], AuditRow>(
        'SELECT at, actor, action, target, changes FROM admin_audit WHERE at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ?',
      ),
    };
  }

  record(at: number, actor: Actor, action: AuditAction, target: string | null, changes: LocalText[]): void {
    this.s.insert.run(at, JSON.stringify(actor), action, target, JSON.stringify(changes));
  }

  list(from: number, to: number, limit: number): AuditEntry[] {
    return this.s.list.all(from, to, limit).map((r) => ({
      at: r.at,
      actor: actorInfo(this.store, JSON.parse(r.actor) as Actor),
      action: r.action,
      target: r.target,
      changes: JSON.parse(r.changes) as LocalText[],
    }));
  }
}

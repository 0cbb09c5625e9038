import type { DeadlineUnit, FollowUpListQuery, FollowUpSource, FollowUpStatus, FollowUpType } from '@talon/protocol';
import type Database from 'better-sqlite3';

/** One row of `follow_ups` (migration 14). The contact is not here: `personal_ref` points to personal_data. */
export interface FollowUpRow {
  id: number;
  type: FollowUpType;
  status: FollowUpStatus;
  text: string;
  source: FollowUpSource;
  ticket_id: string | null;
  ticket_number: string | null;
  feedback_seq: number | null;
  personal_ref: string | null;
  owner_id: string | null;
  created_at: number;
  created_day: string;
  due_day: string;
  due_at: number;
  deadline: number;
  unit: DeadlineUnit;
  answer: string | null;
  answered_at: number | null;
  closed_at: number | null;
  close_note: string | null;
  updated_by: string | null;
  updated_at: number;
}

export type NewFollowUp = Omit<
  FollowUpRow,
  'id' | 'status' | 'answer' | 'answered_at' | 'closed_at' | 'close_note' | 'personal_ref'
> & { personal_ref?: string | null };

const OPEN = "('new', 'in-progress')";

/** The register's SQL, nothing else: the rules are in service.ts. */
export function createFollowUpTables(db: Database.Database) {
  const s = {
    insert: db.prepare(
      `INSERT INTO follow_ups (type, status, text, source, ticket_id, ticket_number, feedback_seq, personal_ref,
         owner_id, created_at, created_day, due_day, due_at, deadline, unit, updated_by, updated_at)
       VALUES (@type, 'new', @text, @source, @ticket_id, @ticket_number, @feedback_seq, @personal_ref,
         @owner_id, @created_at, @created_day, @due_day, @due_at, @deadline, @unit, @updated_by, @updated_at)`,
    ),
    setRef: db.prepare<[string, number]>('UPDATE follow_ups SET personal_ref = ? WHERE id = ?'),
    byId: db.prepare<[number], FollowUpRow>('SELECT * FROM follow_ups WHERE id = ?'),
    byVisit: db.prepare<[string], FollowUpRow>("SELECT * FROM follow_ups WHERE ticket_id = ? AND source = 'visit'"),
    open: db.prepare<[], FollowUpRow>(`SELECT * FROM follow_ups WHERE status IN ${OPEN} ORDER BY due_at, id`),
    openCount: db.prepare<[], number>(`SELECT COUNT(*) FROM follow_ups WHERE status IN ${OPEN}`).pluck(),
    createdIn: db.prepare<[string, string], FollowUpRow>(
      'SELECT * FROM follow_ups WHERE created_day >= ? AND created_day <= ? ORDER BY id',
    ),
    take: db.prepare<[string, string, number, number]>(
      `UPDATE follow_ups SET status = 'in-progress', owner_id = ?, updated_by = ?, updated_at = ?
       WHERE id = ? AND status IN ${OPEN}`,
    ),
    answer: db.prepare<[string, number, string, number, number]>(
      `UPDATE follow_ups SET status = 'answered', answer = ?, answered_at = ?, updated_by = ?, updated_at = ?
       WHERE id = ? AND status IN ${OPEN}`,
    ),
    close: db.prepare<[number, string | null, string, number, number]>(
      `UPDATE follow_ups SET status = 'closed', closed_at = ?, close_note = ?, updated_by = ?, updated_at = ?
       WHERE id = ? AND status != 'closed'`,
    ),
    userName: db.prepare<[string], string>('SELECT name FROM users WHERE id = ?').pluck(),
    activeUser: db.prepare<[string], string>('SELECT id FROM users WHERE id = ? AND disabled_at IS NULL').pluck(),
  };

  return {
    insert(row: NewFollowUp): number {
      return Number(s.insert.run({ personal_ref: null, ...row }).lastInsertRowid);
    },
    setPersonalRef: (id: number, ref: string) => s.setRef.run(ref, id),
    get: (id: number) => s.byId.get(id) ?? null,
    byVisit: (ticketId: string) => s.byVisit.get(ticketId) ?? null,
    open: () => s.open.all(),
    openCount: () => s.openCount.get() ?? 0,
    createdIn: (from: string, to: string) => s.createdIn.all(from, to),
    list(q: FollowUpListQuery, now: number): FollowUpRow[] {
      const where: string[] = [];
      const args: (string | number)[] = [];
      const add = (clause: string, value: string | number | undefined) => {
        if (value === undefined) return;
        where.push(clause);
        args.push(value);
      };
      add('status = ?', q.status);
      add('type = ?', q.type);
      add('owner_id = ?', q.ownerId);
      add('created_day >= ?', q.from);
      add('created_day <= ?', q.to);
      add(`status IN ${OPEN} AND due_at <= ?`, q.overdue ? now : undefined);
      const sql = `SELECT * FROM follow_ups ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY id DESC LIMIT ?`;
      return db.prepare<(string | number)[], FollowUpRow>(sql).all(...args, q.limit);
    },
    take: (id: number, ownerId: string, by: string, now: number) => s.take.run(ownerId, by, now, id).changes > 0,
    answer: (id: number, text: string, by: string, now: number) => s.answer.run(text, now, by, now, id).changes > 0,
    close: (id: number, note: string | null, by: string, now: number) =>
      s.close.run(now, note, by, now, id).changes > 0,
    userName: (id: string) => s.userName.get(id) ?? null,
    isActiveUser: (id: string) => s.activeUser.get(id) !== undefined,
  };
}

export type FollowUpTables = ReturnType<typeof createFollowUpTables>;

import type { ProfileBody, ProfileKey, ProfileRow, ProfileScope, PublishedProfile } from '@talon/protocol';
import type pg from 'pg';
import { HQ_OFFICE_CHANNEL, type HqDeps, type HqIdentity, type Queryable, refuse } from '../context.js';
import { profileIssues } from './validate.js';

/** The profiles that reach office `o`: the company's, its branch's and its own. */
const REACHES = `(p.scope = 'company' OR (p.scope = 'branch' AND p.target_id = o.branch_id)
  OR (p.scope = 'office' AND p.target_id = o.id))`;

/** The newest profile version published for an office (its own, its branch's or the company's); null: none. */
export async function profileVersionFor(db: Queryable, officeId: string): Promise<number | null> {
  // Called by every ingest batch: one indexed lookup of the office, then a scan of the (short) profile list.
  const { rows } = await db.query<{ v: number | null }>(
    `SELECT max(p.version) AS v FROM offices o, profiles p WHERE o.id = $1 AND ${REACHES}`,
    [officeId],
  );
  return rows[0]?.v ?? null;
}

/** `profileVersionFor` of many offices in one query (null: every office); offices with none are absent. */
export async function profileVersionsFor(db: Queryable, officeIds: string[] | null): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; v: number }>(
    `SELECT o.id, max(p.version) AS v FROM offices o JOIN profiles p ON ${REACHES}
      WHERE $1::text[] IS NULL OR o.id = ANY($1::text[]) GROUP BY o.id`,
    [officeIds],
  );
  return new Map(rows.map((r) => [r.id, r.v]));
}

interface ProfileDbRow {
  id: string;
  version: number;
  scope: ProfileScope;
  target_id: string | null;
  title: string;
  config: Partial<Record<ProfileKey, unknown>>;
  local: ProfileKey[];
  published_at: Date;
  published_by: string;
  offices: ProfileRow['offices'];
}

const LIST_LIMIT = 50;

/**
 * Profiles newest first with every office each reaches and what the office did with it. `branchId`
 * narrows to what a branch manager sees: the company's, their branch's and their offices' profiles.
 */
async function listProfiles(db: Queryable, opts: { branchId?: string | null; id?: string }): Promise<ProfileRow[]> {
  const { rows } = await db.query<ProfileDbRow>(
    `SELECT p.id, p.version, p.scope, p.target_id, p.title, p.published_at, p.published_by,
            coalesce(json_agg(json_build_object('officeId', o.id, 'code', o.code,
                       'state', coalesce(r.state, 'pending'), 'reason', r.reason) ORDER BY o.code)
                     FILTER (WHERE o.id IS NOT NULL), '[]') AS offices
       FROM (SELECT * FROM profiles p
              WHERE ($1::text IS NULL OR p.id = $1)
                AND ($2::text IS NULL OR p.scope = 'company' OR (p.scope = 'branch' AND p.target_id = $2)
                     OR (p.scope = 'office' AND p.target_id IN (SELECT id FROM offices WHERE branch_id = $2)))
              ORDER BY p.version DESC LIMIT ${LIST_LIMIT}) p
       LEFT JOIN offices o ON ${REACHES} AND ($2::text IS NULL OR o.branch_id = $2)
       LEFT JOIN profile_results r ON r.office_id = o.id AND r.version = p.version
      GROUP BY p.id, p.version, p.scope, p.target_id, p.title, p.published_at, p.published_by
      ORDER BY p.version DESC`,
    [opts.id ?? null, opts.branchId ?? null],
  );
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    scope: r.scope,
    targetId: r.target_id,
    title: r.title,
    publishedAt: r.published_at.getTime(),
    publishedBy: r.published_by,
    offices: r.offices,
  }));
}

const branchOf = (id: HqIdentity) =>
  id.kind === 'user' && id.user.role === 'branch_manager'
    ? id.user.branchId
    : id.kind === 'office'
      ? id.branchId
      : null;

const UNIQUE_VIOLATION = '23505';
const PUBLISH_ATTEMPTS = 20;

async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await work(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

/**
 * Stores a profile under the next company-wide version. The number is max + 1 and `UNIQUE(version)`
 * decides between two processes publishing at once: the loser's insert fails and it takes the next.
 */
async function publish(pool: pg.Pool, body: ProfileBody, by: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(pool, async (c) => {
        const { rows } = await c.query<{ id: string }>(
          `INSERT INTO profiles (version, scope, target_id, title, config, local, published_by)
           SELECT coalesce(max(version), 0) + 1, $1, $2, $3, $4, $5, $6 FROM profiles RETURNING id`,
          [body.scope, body.targetId ?? null, body.title, body.config, JSON.stringify(body.local), by],
        );
        const id = rows[0]?.id ?? '';
        // every live screen showing an affected office refreshes its "published" version on commit
        await c.query(`SELECT pg_notify($1, o.id) FROM offices o, profiles p WHERE p.id = $2 AND ${REACHES}`, [
          HQ_OFFICE_CHANNEL,
          id,
        ]);
        return id;
      });
    } catch (e) {
      if ((e as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= PUBLISH_ATTEMPTS) throw e;
    }
  }
}

export function registerProfiles(deps: HqDeps): void {
  const { pool } = deps;

  deps.serve('profiles', ({ identity }) => listProfiles(pool, { branchId: branchOf(identity) }));

  deps.serve('publishProfile', async ({ body, identity }) => {
    const issues = profileIssues(body.config);
    if (issues.length > 0) return refuse('PROFILE_INVALID', issues);
    if (body.scope === 'branch') {
      const b = await pool.query('SELECT 1 FROM branches WHERE id = $1', [body.targetId]);
      if (b.rowCount === 0) return refuse('UNKNOWN_BRANCH', { branchId: body.targetId });
    } else if (body.scope === 'office') {
      const o = await pool.query('SELECT 1 FROM offices WHERE id = $1', [body.targetId]);
      if (o.rowCount === 0) return refuse('UNKNOWN_OFFICE', { officeId: body.targetId });
    }
    const by = identity.kind === 'user' ? identity.user.name : identity.code;
    const id = await publish(pool, body, by);
    const [row] = await listProfiles(pool, { id });
    return row ?? refuse('INTERNAL');
  });

  deps.serve('syncProfile', async ({ identity }) => {
    if (identity.kind !== 'office') return refuse('OFFICE_KEY_INVALID');
    const { rows } = await pool.query<ProfileDbRow>(
      `SELECT p.version, p.scope, p.title, p.config, p.local, p.published_at
         FROM offices o, profiles p WHERE o.id = $1 AND ${REACHES} ORDER BY p.version DESC LIMIT 1`,
      [identity.officeId],
    );
    const p = rows[0];
    if (!p) return refuse('NO_PROFILE');
    const out: PublishedProfile = {
      version: p.version,
      scope: p.scope,
      title: p.title,
      config: p.config,
      local: p.local,
      publishedAt: p.published_at.getTime(),
    };
    return out;
  });

  deps.serve('syncProfileResult', async ({ identity, body }) => {
    if (identity.kind !== 'office') return refuse('OFFICE_KEY_INVALID');
    const officeId = identity.officeId;
    const state = body.applied ? 'applied' : 'refused';
    const reason = body.applied ? null : (body.reason ?? null);
    await inTransaction(pool, async (c) => {
      // The office's sync row serialises its reports, so a retried refusal opens one incident, not two.
      await c.query('INSERT INTO office_sync (office_id) VALUES ($1) ON CONFLICT (office_id) DO NOTHING', [officeId]);
      await c.query('SELECT 1 FROM office_sync WHERE office_id = $1 FOR UPDATE', [officeId]);
      const prev = await c.query<{ state: string; reason: string | null }>(
        'SELECT state, reason FROM profile_results WHERE office_id = $1 AND version = $2',
        [officeId, body.version],
      );
      await c.query(
        `INSERT INTO profile_results (office_id, version, state, reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (office_id, version) DO UPDATE SET state = EXCLUDED.state, reason = EXCLUDED.reason, at = now()`,
        [officeId, body.version, state, reason],
      );
      const before = prev.rows[0];
      if (body.applied) {
        await c.query('UPDATE office_sync SET profile_applied = $2 WHERE office_id = $1', [officeId, body.version]);
      } else if (before?.state !== 'refused' || before.reason !== reason) {
        await c.query(`INSERT INTO office_incidents (office_id, kind, details) VALUES ($1, 'profile-refused', $2)`, [
          officeId,
          { version: body.version, reason },
        ]);
      }
      await c.query('SELECT pg_notify($1, $2)', [HQ_OFFICE_CHANNEL, officeId]);
    });
    return { ok: true as const };
  });
}

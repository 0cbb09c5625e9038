import { randomBytes } from 'node:crypto';
import type { Branch, LocalText } from '@talon/protocol';
import { HQ_OFFICE_CHANNEL, type HqDeps, type HqIdentity, refuse } from '../context.js';
import { sha256 } from '../edge.js';
import { pgCode } from '../people/users.js';
import { officeRows } from './rows.js';

export { officeRows } from './rows.js';

/** An office API key: 32 random bytes; head office keeps only its SHA-256. */
const newKey = () => randomBytes(32).toString('base64url');

/** The ids asked for (a branch, a list) that the caller may also see. */
function narrow(
  visible: string[] | 'all',
  filter: { branchOffices?: string[]; officeIds?: string[] },
): string[] | 'all' {
  let ids = visible;
  for (const only of [filter.branchOffices, filter.officeIds]) {
    if (!only) continue;
    ids = ids === 'all' ? only : ids.filter((id) => only.includes(id));
  }
  return ids;
}

/** Company → branch → office: the registry, office keys and the incidents an administrator acknowledges. */
export function registerStructure(deps: HqDeps): void {
  const { pool, serve } = deps;
  const maySee = async (identity: HqIdentity, officeId: string) => {
    const visible = await deps.visibleOffices(identity);
    return visible === 'all' || visible.includes(officeId);
  };

  serve('branches', async ({ identity }) => {
    const visible = await deps.visibleOffices(identity);
    const own = identity.kind === 'user' ? identity.user.branchId : null;
    const { rows } = await pool.query<{ id: string; code: string; name: LocalText; offices: number }>(
      `SELECT b.id, b.code, b.name,
              count(o.id) FILTER (WHERE $1::text[] IS NULL OR o.id = ANY($1::text[]))::int AS offices
         FROM branches b LEFT JOIN offices o ON o.branch_id = b.id
        GROUP BY b.id, b.code, b.name
       HAVING $1::text[] IS NULL OR b.id = $2 OR bool_or(o.id = ANY($1::text[]))
        ORDER BY b.code`,
      [visible === 'all' ? null : visible, own],
    );
    return rows satisfies Branch[];
  });

  serve('createBranch', async ({ body }) => {
    try {
      const { rows } = await pool.query<{ id: string; code: string; name: LocalText }>(
        'INSERT INTO branches (code, name) VALUES ($1, $2) RETURNING id, code, name',
        [body.code, body.name],
      );
      const b = rows[0];
      if (!b) throw new Error('INSERT … RETURNING gave no row');
      return { ...b, offices: 0 };
    } catch (e) {
      if (pgCode(e) === '23505') return refuse('BRANCH_CODE_TAKEN', { code: body.code });
      throw e;
    }
  });

  serve('offices', async ({ identity, query }) => {
    const visible = await deps.visibleOffices(identity);
    let branchOffices: string[] | undefined;
    if (query.branchId) {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM offices WHERE branch_id = $1', [
        query.branchId,
      ]);
      branchOffices = rows.map((r) => r.id);
    }
    const officeIds = query.officeIds
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return officeRows(pool, narrow(visible, { branchOffices, officeIds }), deps.now());
  });

  serve('office', async ({ identity, params }) => {
    // An office the caller may not see is answered as absent: its existence is not theirs to learn.
    if (!(await maySee(identity, params.id))) return refuse('UNKNOWN_OFFICE', { officeId: params.id });
    const [row] = await officeRows(pool, [params.id], deps.now());
    return row ?? refuse('UNKNOWN_OFFICE', { officeId: params.id });
  });

  serve('createOffice', async ({ body }) => {
    const apiKey = newKey();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string }>(
        'INSERT INTO offices (code, name, branch_id, key_hash) VALUES ($1, $2, $3, $4) RETURNING id',
        [body.code, body.name, body.branchId, sha256(apiKey)],
      );
      const id = rows[0]?.id ?? '';
      await client.query('INSERT INTO office_sync (office_id) VALUES ($1)', [id]);
      await client.query('SELECT pg_notify($1, $2)', [HQ_OFFICE_CHANNEL, id]);
      await client.query('COMMIT');
      const [office] = await officeRows(pool, [id], deps.now());
      if (!office) throw new Error('the office just created is missing');
      return { office, apiKey };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      if (pgCode(e) === '23505') return refuse('OFFICE_CODE_TAKEN', { code: body.code });
      if (pgCode(e) === '23503') return refuse('UNKNOWN_BRANCH', { branchId: body.branchId });
      throw e;
    } finally {
      client.release();
    }
  });

  serve('rotateOfficeKey', async ({ params }) => {
    const apiKey = newKey();
    // The old key stops at once: its hash is replaced (identify looks keys up by hash only).
    const { rowCount } = await pool.query(
      `WITH u AS (UPDATE offices SET key_hash = $2, key_revoked_at = NULL WHERE id = $1 RETURNING id)
       SELECT pg_notify($3, id) FROM u`,
      [params.id, sha256(apiKey), HQ_OFFICE_CHANNEL],
    );
    return rowCount ? { apiKey } : refuse('UNKNOWN_OFFICE', { officeId: params.id });
  });

  serve('revokeOfficeKey', async ({ params }) => {
    const { rowCount } = await pool.query(
      `WITH u AS (UPDATE offices SET key_revoked_at = coalesce(key_revoked_at, now()) WHERE id = $1 RETURNING id)
       SELECT pg_notify($2, id) FROM u`,
      [params.id, HQ_OFFICE_CHANNEL],
    );
    return rowCount ? { ok: true as const } : refuse('UNKNOWN_OFFICE', { officeId: params.id });
  });

  serve('ackIncident', async ({ identity, params }) => {
    const by = identity.kind === 'user' ? identity.user.login : 'office';
    const { rows } = await pool.query<{ office: boolean; incident: boolean }>(
      `WITH u AS (UPDATE office_incidents SET acked_at = coalesce(acked_at, now()), acked_by = coalesce(acked_by, $3)
                   WHERE id = $2 AND office_id = $1 RETURNING office_id),
            n AS (SELECT pg_notify($4, office_id) FROM u)
       SELECT EXISTS (SELECT 1 FROM offices WHERE id = $1) AS office,
              EXISTS (SELECT 1 FROM u) AS incident, (SELECT count(*) FROM n) AS notified`,
      [params.id, params.incidentId, by, HQ_OFFICE_CHANNEL],
    );
    const r = rows[0];
    if (!r?.office) return refuse('UNKNOWN_OFFICE', { officeId: params.id });
    if (!r.incident) return refuse('NOT_FOUND', { incidentId: params.incidentId });
    return { ok: true as const };
  });
}

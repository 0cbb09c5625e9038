import type { Queryable } from '../context.js';

export interface GeneratedRollups {
  offices: number;
  /** First day (YYYY-MM-DD) and how many days from it. */
  from: string;
  days: number;
  services: number;
  operators: number;
}

/**
 * Fills a company's worth of report rollups straight in PostgreSQL (generate_series, no round
 * trip per row), for the month-report benchmark: `offices` offices in 10 branches, a row per
 * office × day × service (every third with a topic) and per office × day × operator. The figures
 * are random but consistent (within ≤ normed ≤ n, buckets add up to the waits).
 */
export async function generateRollups(db: Queryable, g: GeneratedRollups): Promise<string[]> {
  await db.query(
    `INSERT INTO branches (code, name)
     SELECT 'GEN' || b, jsonb_build_object('ru', 'Филиал ' || b, 'en', 'Branch ' || b) FROM generate_series(1, 10) b
     ON CONFLICT (code) DO NOTHING`,
  );
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO offices (code, name, branch_id)
     SELECT 'GEN' || lpad(i::text, 4, '0'), jsonb_build_object('ru', 'ЦОК ' || i, 'en', 'Office ' || i),
            (SELECT id FROM branches WHERE code = 'GEN' || (1 + i % 10))
       FROM generate_series(1, $1::int) i
     ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
    [g.offices],
  );
  const ids = rows.map((r) => r.id);
  const period = `generate_series($2::date, $2::date + ($3::int - 1), interval '1 day') d`;
  // n: visits of the group; w: waits measured; the rest derived so that every figure is plausible
  const figures = `visits, served, no_show, cancelled, wait_n, wait_sum, wait_max, wait_within, wait_normed,
    service_n, service_sum, service_within, service_normed, total_within, total_normed, b1, b2, b3, b4, b5,
    ratings, rating_sum`;
  const derived = `n, n - n / 10, n / 20, n / 20 - n / 40, w, w * (200 + (random() * 600)::int), 300 + (random() * 2400)::int,
    w - w / 5, w, n - n / 10, (n - n / 10) * (300 + (random() * 600)::int), n - n / 10 - n / 8, n - n / 10,
    w - w / 4, w, w / 2, w / 5, w / 10, w / 10, w - w / 2 - w / 5 - w / 10 - w / 10, n / 4, (n / 4) * 4`;
  await db.query(
    `INSERT INTO rollup_service (office_id, day, service_id, topic_id, ${figures})
     SELECT office_id, day, service_id, topic_id, ${derived}
       FROM (SELECT o AS office_id, d::date AS day, 's' || s AS service_id,
                    CASE WHEN s % 3 = 0 THEN 't' || s ELSE '' END AS topic_id,
                    n, n - n / 12 AS w
               FROM unnest($1::text[]) o, ${period}, generate_series(1, $4::int) s,
                    LATERAL (SELECT (random() * 40)::int + s * 0 AS n) r) x`,
    [ids, g.from, g.days, g.services],
  );
  await db.query(
    `INSERT INTO rollup_operator (office_id, day, operator_id, ${figures})
     SELECT office_id, day, operator_id, ${derived}
       FROM (SELECT o AS office_id, d::date AS day, 'op' || k AS operator_id, n, n - n / 12 AS w
               FROM unnest($1::text[]) o, ${period}, generate_series(1, $4::int) k,
                    LATERAL (SELECT (random() * 60)::int + k * 0 AS n) r) x`,
    [ids, g.from, g.days, g.operators],
  );
  await db.query(
    `INSERT INTO office_catalogue (office_id, kind, item_id, name)
     SELECT o, 'service', 's' || s, jsonb_build_object('ru', 'Услуга ' || s, 'en', 'Service ' || s)
       FROM unnest($1::text[]) o, generate_series(1, $2::int) s
     UNION ALL
     SELECT o, 'topic', 't' || s, jsonb_build_object('ru', 'Тема ' || s, 'en', 'Topic ' || s)
       FROM unnest($1::text[]) o, generate_series(3, $2::int, 3) s
     UNION ALL
     SELECT o, 'operator', 'op' || k, to_jsonb('Оператор ' || k) FROM unnest($1::text[]) o, generate_series(1, $3::int) k
     ON CONFLICT DO NOTHING`,
    [ids, g.services, g.operators],
  );
  await db.query('ANALYZE rollup_service');
  await db.query('ANALYZE rollup_operator');
  return ids;
}

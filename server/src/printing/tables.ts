import type { PrinterConfig, PrintJobInfo, PrintJobStatus } from '@talon/protocol';
import type Database from 'better-sqlite3';

interface JobRow {
  ticket_id: string;
  printer_id: string | null;
  kiosk_id: string | null;
  status: PrintJobStatus;
  reason: string | null;
  bytes: number | null;
  created_at: number;
  updated_at: number;
}

export interface JobRecord extends PrintJobInfo {
  kioskId?: string;
  createdAt: number;
}

function toJob(r: JobRow): JobRecord {
  const j: JobRecord = { ticketId: r.ticket_id, status: r.status, createdAt: r.created_at, updatedAt: r.updated_at };
  if (r.printer_id) j.printerId = r.printer_id;
  if (r.kiosk_id) j.kioskId = r.kiosk_id;
  if (r.reason) j.reason = r.reason;
  return j;
}

/** The print bookkeeping: a job per ticket (the ticket id is the job id), and the configured printers. */
export function createPrintTables(db: Database.Database) {
  const s = {
    insertJob: db.prepare<[string, string | null, string | null, string, string | null, number, number]>(
      `INSERT OR IGNORE INTO print_jobs (ticket_id, printer_id, kiosk_id, status, reason, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    // a job only moves forward: nothing turns a printed or uncertain ticket back into one to print
    moveJob: db.prepare<[string, string | null, number | null, number, string, string]>(
      `UPDATE print_jobs SET status = ?, reason = ?, bytes = COALESCE(?, bytes), updated_at = ?
       WHERE ticket_id = ? AND status = ?`,
    ),
    // The one way back to `queued`: an administrator's reprint of a finished job (audited by the caller).
    requeue: db.prepare<[string | null, number, string]>(
      `UPDATE print_jobs SET status = 'queued', printer_id = ?, reason = 'reprint', updated_at = ?
       WHERE ticket_id = ? AND status IN ('printed', 'failed', 'uncertain', 'none')`,
    ),
    job: db.prepare<[string], JobRow>('SELECT * FROM print_jobs WHERE ticket_id = ?'),
    openJobs: db.prepare<[], JobRow>(`SELECT * FROM print_jobs WHERE status IN ('queued', 'printing')`),
    recentJobs: db.prepare<[number], JobRow>('SELECT * FROM print_jobs ORDER BY created_at DESC LIMIT ?'),
    upsertPrinter: db.prepare<[string, string, number]>(
      `INSERT INTO printers (id, config, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`,
    ),
    setDevice: db.prepare<[string, string]>('UPDATE printers SET device_id = ? WHERE id = ?'),
    printers: db.prepare<[], { id: string; config: string; device_id: string | null }>(
      'SELECT id, config, device_id FROM printers ORDER BY id',
    ),
    deletePrinter: db.prepare<[string]>('DELETE FROM printers WHERE id = ?'),
  };

  return {
    /** false when the ticket already has a job: a ticket is never queued twice. */
    insertJob(
      j: { ticketId: string; printerId?: string; kioskId?: string; status: PrintJobStatus; reason?: string },
      at: number,
    ) {
      return (
        s.insertJob.run(j.ticketId, j.printerId ?? null, j.kioskId ?? null, j.status, j.reason ?? null, at, at)
          .changes > 0
      );
    },
    /** Compare-and-set on the status; false when the job was not in `from`. */
    moveJob(ticketId: string, from: PrintJobStatus, to: PrintJobStatus, at: number, reason?: string, bytes?: number) {
      return s.moveJob.run(to, reason ?? null, bytes ?? null, at, ticketId, from).changes > 0;
    },
    /** A finished job queued again on `printerId`; false when the job is not finished (or does not exist). */
    requeueJob(ticketId: string, printerId: string, at: number) {
      return s.requeue.run(printerId, at, ticketId).changes > 0;
    },
    job(ticketId: string): JobRecord | null {
      const r = s.job.get(ticketId);
      return r ? toJob(r) : null;
    },
    openJobs: () => s.openJobs.all().map(toJob),
    recentJobs: (limit: number) => s.recentJobs.all(limit).map(toJob),
    upsertPrinter(cfg: PrinterConfig, at: number) {
      s.upsertPrinter.run(cfg.id, JSON.stringify(cfg), at);
    },
    setPrinterDevice(printerId: string, deviceId: string) {
      s.setDevice.run(deviceId, printerId);
    },
    printers(): { config: PrinterConfig; deviceId: string | null }[] {
      return s.printers.all().map((r) => ({ config: JSON.parse(r.config) as PrinterConfig, deviceId: r.device_id }));
    },
    deletePrinter: (id: string) => s.deletePrinter.run(id).changes > 0,
  };
}

export type PrintTables = ReturnType<typeof createPrintTables>;

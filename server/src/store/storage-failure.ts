/**
 * SQLite's (and the file system's) answers when the disk cannot take a write: full (`SQLITE_FULL`,
 * `ENOSPC`, a quota), read-only (`SQLITE_READONLY*`, `EROFS`), failing (`SQLITE_IOERR*`, a journal that
 * cannot be opened), or a transaction SQLite rolled back because of one of these (`SQLITE_ABORT_ROLLBACK`).
 * Nothing the request did is wrong then, and the same request works once the disk takes writes again:
 * the server answers `STORAGE_UNAVAILABLE` (503) rather than an internal error.
 */
export function isStorageFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|ABORT_ROLLBACK)/.test(code) || ['ENOSPC', 'EDQUOT', 'EROFS'].includes(code)
  );
}

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A dependency loaded on first use, synchronously. The office server imports this package for every
 * printer and display it might drive, but most offices print through one printer and some have no
 * serial line at all: QR, PNG, font, printer-command and serial libraries cost ~10 MB and ~150 ms of
 * start-up that an office without them should not pay. `T` is `typeof import(id)` at the call site.
 */
export function lazy<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(id) as T;
    return loaded;
  };
}

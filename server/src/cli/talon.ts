#!/usr/bin/env node
// `talon`: the office owner's command line (serve, accounts, devices, backups, verify, configuration).
// Bundled to server/dist/talon.mjs by server/bundle.mjs; `node server/dist/talon.mjs --help`.
// Before anything else is loaded: memory settings for the whole process (the server runs in it).
import '../runtime-flags.js';
import { main } from './run.js';

// Owner-only for every file the process creates (database, backups, exports, logs): they hold visitors'
// data and password hashes. The data folder's existing files are fixed on start (store/data-folder.ts).
process.umask(0o077);

// `talon devices list | head`: a reader that leaves early is not an error
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });

const code = await main(process.argv.slice(2));
process.exitCode = code;
// `serve` leaves sockets and timers behind once closed; the other commands end by themselves
if (process.argv[2] === 'serve') process.exit(code);

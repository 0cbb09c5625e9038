import { z } from 'zod';

// In a browser zod must not try `new Function` (its faster parsers): the screens' Content-Security-Policy
// allows no eval, and Chromium reports even a probe that zod catches as a violation. Set before any
// schema is built, so this module is the first that `index.ts` loads. The server keeps the fast path.
if (typeof document !== 'undefined') z.config({ jitless: true });

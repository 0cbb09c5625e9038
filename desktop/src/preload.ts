import { contextBridge } from 'electron';

// Sandboxed preload: only `electron` may be required. The page learns that it runs inside the
// shell (and as what), nothing more; it gets no access to Node or the file system.
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? '';

contextBridge.exposeInMainWorld(
  'talonShell',
  Object.freeze({ role: arg('talon-role'), version: arg('talon-version') }),
);

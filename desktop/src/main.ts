/**
 * The Electron adapter: one locked-down window onto the office server. Every decision is made
 * in the pure modules next to this file (unit-tested); this file only wires Electron to them.
 * No native modules here: printers and serial devices belong to the server or the device agent.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, Menu, net, powerSaveBlocker, session } from 'electron';
import { retryDelayMs } from './backoff.js';
import { loadShellConfig, type ShellConfig } from './config.js';
import { isAllowedNavigation, isStatusPage } from './navigation.js';
import { DEFAULT_RECOVERY, RecoveryPolicy } from './recovery.js';
import { allowsDownloads, autoplayPolicy, healthUrl, isPermissionAllowed, startUrl } from './roles.js';
import { configErrorSearch, offlineQuery } from './status-page.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const STATUS_PAGE = join(HERE, '..', 'static', 'status.html');
const STATUS_URL = pathToFileURL(STATUS_PAGE).toString();
const PROBE_TIMEOUT_MS = 5000;

const log = (...args: unknown[]) => console.log(new Date().toISOString(), '[talon-shell]', ...args);

if (!app.requestSingleInstanceLock()) {
  // A second start (a double click, an over-eager supervisor) hands over to the running shell.
  app.quit();
} else {
  Menu.setApplicationMenu(null);
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

function start() {
  const loaded = loadShellConfig(
    { platform: process.platform, env: process.env, argv: process.argv, home: homedir() },
    (path) => {
      try {
        return readFileSync(path, 'utf8');
      } catch {
        return null;
      }
    },
  );
  if (!loaded.ok) {
    log('configuration problem', loaded.path, loaded.problems);
    const win = new BrowserWindow({ ...windowOptions(null), show: true });
    lockDown(win, null);
    void win.loadFile(STATUS_PAGE, { search: configErrorSearch(loaded) });
    return;
  }
  const config = loaded.config;
  log(`config ${loaded.path}: ${config.role} at ${new URL(config.serverUrl).origin}`);
  powerSaveBlocker.start('prevent-display-sleep');
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, grant, details) =>
    grant(isPermissionAllowed(config.role, permission, details.requestingUrl, config.serverUrl)),
  );
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isPermissionAllowed(config.role, permission, requestingOrigin, config.serverUrl),
  );
  ses.on('will-download', (e, item) => {
    if (allowsDownloads(config.role)) return;
    log('download refused', item.getURL());
    e.preventDefault();
  });

  const win = new BrowserWindow(windowOptions(config));
  lockDown(win, config);
  const screen = new Screen(win, config);
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  win.once('ready-to-show', () => win.show());
  void screen.connect();
}

function windowOptions(config: ShellConfig | null): Electron.BrowserWindowConstructorOptions {
  const kiosk = config?.kiosk ?? true;
  return {
    kiosk,
    fullscreen: kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#0b1f33',
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
      devTools: config?.devTools ?? false,
      zoomFactor: config?.zoom ?? 1,
      autoplayPolicy: autoplayPolicy(config?.role ?? 'kiosk'),
      preload: join(HERE, 'preload.cjs'),
      additionalArguments: [`--talon-role=${config?.role ?? ''}`, `--talon-version=${app.getVersion()}`],
    },
  };
}

/** No way out by touch or by link: other origins, new windows, webviews and pinch zoom are refused. */
function lockDown(win: BrowserWindow, config: ShellConfig | null) {
  const wc = win.webContents;
  const allowed = (url: string) =>
    config ? isAllowedNavigation(url, config.serverUrl, STATUS_URL) : isStatusPage(url, STATUS_URL);
  const guard = (e: Electron.Event<{ url: string }>) => {
    if (!allowed(e.url)) {
      log('navigation refused', e.url);
      e.preventDefault();
    }
  };
  wc.on('will-navigate', guard);
  wc.on('will-frame-navigate', guard);
  wc.on('will-redirect', guard);
  wc.setWindowOpenHandler(({ url }) => {
    log('new window refused', url);
    return { action: 'deny' };
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  void wc.setVisualZoomLevelLimits(1, 1);
}

/** Loads the role's page, shows the offline page while the server is away, and heals the renderer. */
class Screen {
  private readonly recovery: RecoveryPolicy;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private connecting = false;

  constructor(
    private readonly win: BrowserWindow,
    private readonly config: ShellConfig,
  ) {
    this.recovery = new RecoveryPolicy({
      ...DEFAULT_RECOVERY,
      unresponsiveGraceMs: config.unresponsiveGraceSec * 1000,
    });
    const wc = win.webContents;
    wc.on('did-fail-load', (_e, code, description, url, isMainFrame) => {
      // -3 is ERR_ABORTED: our own navigation guard or a reload, not a dead server.
      if (!isMainFrame || code === -3 || url.startsWith('file:')) return;
      log('load failed', code, description, url);
      void this.connect();
    });
    wc.on('render-process-gone', (_e, details) => {
      log('renderer gone', details.reason, details.exitCode);
      const a = this.recovery.rendererGone(Date.now());
      if (a.action === 'relaunch') {
        log('crash loop: restarting the shell');
        app.relaunch();
        app.exit(0);
      } else if (a.action === 'reload') setTimeout(() => void this.connect(), a.afterMs);
    });
    win.on('unresponsive', () => {
      const a = this.recovery.unresponsive(Date.now());
      if (a.action !== 'wait' || this.graceTimer) return;
      log('page unresponsive; waiting', a.checkAfterMs, 'ms');
      this.graceTimer = setTimeout(() => this.graceOver(), a.checkAfterMs);
    });
    win.on('responsive', () => {
      this.recovery.responsive();
      clearTimeout(this.graceTimer);
      this.graceTimer = undefined;
    });
    app.on('child-process-gone', (_e, details) => log('child process gone', details.type, details.reason));
  }

  private graceOver() {
    this.graceTimer = undefined;
    const a = this.recovery.graceOver(Date.now());
    if (a.action === 'wait') this.graceTimer = setTimeout(() => this.graceOver(), a.checkAfterMs);
    if (a.action !== 'reload') return;
    log('page still unresponsive: reloading');
    this.win.webContents.forcefullyCrashRenderer();
    void this.connect();
  }

  /** Probe the server; load the screen when it answers, otherwise show the offline page and retry. */
  async connect(): Promise<void> {
    if (this.connecting) return;
    this.connecting = true;
    clearTimeout(this.retryTimer);
    try {
      if (await this.serverAnswers()) {
        this.attempt = 0;
        await this.win.loadURL(startUrl(this.config)).catch((err: Error) => log('load', err.message));
        return;
      }
      const delay = retryDelayMs(this.attempt, this.config.retryFirstSec * 1000, this.config.retryMaxSec * 1000);
      this.attempt++;
      await this.win
        .loadFile(STATUS_PAGE, {
          query: offlineQuery({ retryInMs: delay, attempt: this.attempt, serverUrl: this.config.serverUrl }),
        })
        .catch((err: Error) => log('status page', err.message));
      this.retryTimer = setTimeout(() => void this.connect(), delay);
    } finally {
      this.connecting = false;
    }
  }

  private async serverAnswers(): Promise<boolean> {
    try {
      const res = await net.fetch(healthUrl(this.config.serverUrl), {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
        cache: 'no-store',
      });
      return res.ok;
    } catch {
      return false;
    }
  }
}

import type { DeviceRole } from '@talon/protocol';
import { type AuthService, normalizePairingCode } from './auth/index.js';
import type { Office } from './office.js';
import { ratingDeviceName } from './rating/binding.js';
import { SETUP_LINK_FILE } from './setup/setup.js';

type DemoRole = 'kiosk' | 'board' | 'rating' | 'wall';
type DemoCodes = Record<DemoRole, string>;

const DEMO_DEVICES: Record<DemoRole, string> = {
  kiosk: 'Демо-киоск',
  board: 'Демо-табло',
  rating: ratingDeviceName('окно 1', 'w1'),
  wall: 'Демо: большой экран',
};

/**
 * The demo start page's pairing codes: made when the page is first shown after a start and shown again
 * to everyone, so that anonymous visits of `/` create no rows. A code is replaced only once a device
 * paired with it (or it expired): the next visitor of the page can still pair a device of that kind.
 */
export class DemoPairingCodes {
  private readonly codes = new Map<DemoRole, { code: string; expiresAt: number }>();

  constructor(
    private readonly auth: AuthService,
    private readonly now: () => number,
  ) {}

  current(): DemoCodes {
    const out = {} as DemoCodes;
    for (const role of Object.keys(DEMO_DEVICES) as DemoRole[]) {
      let c = this.codes.get(role);
      if (!c || c.expiresAt <= this.now()) {
        c = this.auth.createPairingCode(role satisfies DeviceRole, DEMO_DEVICES[role]);
        this.codes.set(role, c);
      }
      out[role] = c.code;
    }
    return out;
  }

  /** A device paired with `code` (as typed): if it was one of the page's, the page shows a new one. */
  used(code: string): void {
    const typed = normalizePairingCode(code);
    for (const [role, c] of this.codes) if (c.code === typed) this.codes.delete(role);
  }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One page that links every screen; in the demo, the device links carry pairing codes (DemoPairingCodes). */
export function renderStartPage(
  office: Office,
  pairing: { kiosk: string; board: string; rating?: string; wall?: string } | undefined,
  demo: boolean,
  /** The demo's virtual printer: its printed tickets are worth a look. */
  virtualPrinter = false,
): string {
  const name = office.config?.name.ru ?? 'Talon';
  // A real office not set up yet: where to find the one-time link (never the link itself: it is a key).
  const setup =
    !demo && office.config === null
      ? `<section class="setup" data-testid="start-setup"><h2>Сервер ещё не настроен · This server is not set up yet</h2>
<p>Откройте ссылку первичной настройки: она напечатана в консоли сервера при запуске и сохранена в файле
<code>${SETUP_LINK_FILE}</code> в папке данных сервера (читать его может только владелец сервера).</p>
<p lang="en">Open the first-run setup link: it was printed on the server's console at start and saved in
<code>${SETUP_LINK_FILE}</code> in the server's data folder (readable by the server's owner only).</p></section>`
      : '';
  const link = (href: string, ru: string, en: string, id: string) =>
    `<li><a data-testid="start-${id}" href="${esc(href)}">${esc(ru)}</a><span>${esc(en)}</span></li>`;
  const q = (code: string | undefined) => (code ? `?pair=${encodeURIComponent(code)}` : '');
  const users = demo
    ? `<section><h2>Демо-пользователи · Demo users</h2><table>
        <tr><th>Логин</th><th>Пароль</th><th>Роль</th></tr>
        ${(office.config?.operators ?? [])
          .map((op, i) => `<tr><td>operator${i + 1}</td><td>talon${i + 1}</td><td>Оператор: ${esc(op.name)}</td></tr>`)
          .join('')}
        <tr><td>admin</td><td>admin-talon</td><td>Администратор зала</td></tr>
        <tr><td>config</td><td>config-talon</td><td>Администратор настроек</td></tr></table></section>`
    : '';
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Talon — ${esc(name)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#10202e}
main{max-width:880px;margin:0 auto;padding:32px}
h1{font-size:32px;margin:0 0 4px}ul{list-style:none;padding:0}
li{background:#fff;border-radius:10px;margin:10px 0;padding:18px 20px;display:flex;justify-content:space-between;align-items:center;box-shadow:0 1px 3px #0002}
a{font-size:22px;color:#0b5cad;font-weight:600;text-decoration:none}@media (hover:hover) and (pointer:fine){a:hover{text-decoration:underline}}
span{color:#5a6b7b}.setup{background:#fff4d6;border:2px solid #9a5200;border-radius:10px;padding:4px 20px;margin:16px 0}.setup h2{font-size:22px}table{border-collapse:collapse;background:#fff}td,th{border:1px solid #ccd;padding:6px 12px;text-align:left}
</style></head><body><main>
<h1>${office.config ? `Talon · ${esc(name)}` : 'Talon'}</h1><p>Электронная очередь · Electronic queue system</p>${setup}
<ul>
${link(`/kiosk/${q(pairing?.kiosk)}`, 'Терминал выдачи талонов', 'Ticket kiosk', 'kiosk')}
${link(`/board/${q(pairing?.board)}`, 'Табло в зале', 'Hall display board', 'board')}
${link('/operator/', 'Рабочее место оператора', 'Operator console', 'operator')}
${demo ? link(`/rating/${q(pairing?.rating)}`, 'Терминал оценки у окна 1', 'Rating terminal at window 1', 'rating') : link('/rating/', 'Терминал оценки у окна', 'Rating terminal at a window', 'rating')}
${link('/admin/', 'Администратор: монитор зала, тревоги, настройки, отчёты', 'Administrator: hall monitor, alarms, settings, reports', 'admin')}
${link('/book', 'Запись на приём с телефона посетителя', "Booking a visit from the visitor's phone", 'book')}
${link('/take', 'Талон с телефона (QR-код у входа)', 'A ticket on the phone (the entrance QR code)', 'take')}
${pairing?.wall ? link(`/admin/${q(pairing.wall)}#wall`, 'Большой экран зала (монитор на стене)', 'Hall wall screen', 'wall') : ''}
${virtualPrinter ? link('/printer/', 'Напечатанные талоны (виртуальный принтер)', 'Printed tickets (virtual printer)', 'printer') : ''}
${link('/api/health', 'Состояние сервера (API)', 'Server health (API)', 'health')}
</ul>${users}</main></body></html>`;
}

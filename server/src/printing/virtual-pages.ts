import type { VirtualPrinter } from '@talon/hardware';
import { type Edge, refuse } from '../edge/plugin.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(vp: VirtualPrinter): string {
  const items = [...vp.tickets]
    .reverse()
    .map(
      (t) => `<figure data-testid="printed-ticket" data-index="${t.index}">
  <img src="/printer/tickets/${t.index}.png" alt="${esc(t.lines.join(' / '))}" loading="lazy">
  <figcaption>№ ${t.index} · ${new Date(t.receivedAt).toLocaleTimeString('ru-RU')} · ${t.bytes.length} байт · ${t.qr.length ? 'QR' : ''}</figcaption>
</figure>`,
    )
    .join('\n');
  const flag = (k: keyof VirtualPrinter['state'], ru: string) =>
    `<label><input type="checkbox" data-key="${k}" ${vp.state[k] ? 'checked' : ''}> ${esc(ru)}</label>`;
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Виртуальный принтер · Virtual printer</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#e9ecef;color:#10202e}main{max-width:1200px;margin:0 auto;padding:24px}
h1{margin:0 0 4px}.state{display:flex;gap:18px;flex-wrap:wrap;margin:12px 0 20px;font-size:18px}
.grid{display:flex;flex-wrap:wrap;gap:20px;align-items:flex-start}
figure{margin:0;background:#fff;padding:8px;box-shadow:0 2px 6px #0003}figure img{display:block;width:300px;image-rendering:pixelated}
figcaption{font-size:13px;color:#5a6b7b;margin-top:6px}
</style></head><body><main>
<h1>Виртуальный принтер талонов</h1><p>Virtual ticket printer · ${esc(vp.url)} · ${vp.paperWidth} мм · напечатано: ${vp.tickets.length}</p>
<div class="state">${flag('paperOut', 'Нет бумаги')}${flag('paperNearEnd', 'Бумага заканчивается')}${flag('coverOpen', 'Крышка открыта')}${flag('offline', 'Не в сети')}</div>
<p data-testid="printer-no-kiosk" hidden>Чтобы менять состояние принтера, сначала откройте в этом браузере терминал выдачи талонов (ссылка на стартовой странице) ·
To change the printer's state, open the ticket kiosk in this browser first (a link on the start page)</p>
<div class="grid">${items || '<p>Талонов пока нет. Возьмите талон в терминале.</p>'}</div>
<script src="/printer/page.js"></script>
</main></body></html>`;
}

/**
 * The page's script, served as a file (the Content-Security-Policy allows no inline script). Only a
 * device may change the printer's state: the page uses the token of the demo kiosk paired in this
 * browser (the kiosk screen keeps it under `talon.device.kiosk`), else the switches stay off.
 */
const SCRIPT = `(function () {
  var token = null;
  try { token = JSON.parse(localStorage.getItem('talon.device.kiosk') || 'null').token || null; } catch (e) {}
  var boxes = document.querySelectorAll('input[data-key]');
  if (!token) document.querySelector('[data-testid=printer-no-kiosk]').hidden = false;
  boxes.forEach(function (box) {
    box.disabled = !token;
    box.addEventListener('change', function () {
      var body = {};
      body[box.dataset.key] = box.checked;
      fetch('/printer/state', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: JSON.stringify(body) });
    });
  });
  setTimeout(function () { location.reload(); }, 5000);
})();
`;

/** The demo's virtual printer: every ticket it printed, as the paper would look. */
export function registerVirtualPrinterPages({ serve }: Edge, vp: VirtualPrinter) {
  serve('virtualPrinterRedirect', ({ reply }) => reply.redirect('/printer/'));
  serve('virtualPrinterPage', ({ reply }) => reply.type('text/html; charset=utf-8').send(page(vp)));
  serve('virtualPrinterScript', ({ reply }) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(SCRIPT),
  );
  serve('virtualPrinterTickets', () =>
    vp.tickets.map((t) => ({
      index: t.index,
      receivedAt: t.receivedAt,
      lines: t.lines,
      qr: t.qr,
      cut: t.cut,
      bytes: t.bytes.length,
    })),
  );
  serve('virtualPrinterTicket', ({ params, reply }) => {
    const m = /^(\d+)\.png$/.exec(params.file);
    const png = m ? vp.png(Number(m[1])) : undefined;
    if (!png) return refuse('NOT_FOUND', { file: params.file });
    return reply.type('image/png').header('cache-control', 'max-age=3600').send(png);
  });
  // Demo only: pretend the paper ran out or the cover is open, to see the kiosk and the admin react.
  serve('virtualPrinterState', ({ body }) => {
    vp.setState(body);
    return vp.state;
  });
}

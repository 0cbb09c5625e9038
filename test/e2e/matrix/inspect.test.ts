import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { inspect, type Problem } from './inspect.js';

/** The matrix's eyes, tried on pages with known faults: each fault is found, a clean page passes. */

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 800, height: 600 } });
});

afterAll(async () => {
  await browser?.close();
});

async function look(body: string, lang: 'ru' | 'en' = 'ru', minContrast = 4.5): Promise<Problem[]> {
  await page.setContent(
    `<!doctype html><html lang="${lang}"><head><style>body{margin:0;font:16px sans-serif;color:#111;background:#fff}</style></head><body>${body}</body></html>`,
  );
  return inspect(page, { lang, minContrast });
}

const kinds = (ps: Problem[]) => [...new Set(ps.map((p) => p.kind))].sort();

describe('inspect', () => {
  it('passes a clean page, with abbreviations, ticket numbers, data and the language switch', async () => {
    expect(
      await look(
        `<h1>Талон К-001</h1><p>Отсканируйте QR-код или скачайте PDF</p>
         <p translate="no">Иванова Anna</p><button><span lang="en">English</span></button>`,
      ),
    ).toEqual([]);
    expect(
      await look('<h1>Ticket К-001</h1><p>Scan the QR code</p><button><span lang="ru">Русский</span></button>', 'en'),
    ).toEqual([]);
  });

  it('finds an English word in the Russian screen and Russian in the English one', async () => {
    const ru = await look('<p>Устройство board не отвечает</p>');
    expect(ru).toEqual([expect.objectContaining({ kind: 'language', why: expect.stringContaining('board') })]);
    const en = await look('<p>Window не работает</p>', 'en');
    expect(en).toEqual([expect.objectContaining({ kind: 'language' })]);
  });

  it('finds text of too little contrast, through a translucent layer and a gradient as well', async () => {
    expect(kinds(await look('<p style="color:#999">бледный текст</p>'))).toEqual(['contrast']);
    expect(
      kinds(
        await look('<div style="background:linear-gradient(#000,#fff)"><p style="color:#777">на градиенте</p></div>'),
      ),
    ).toEqual(['contrast']);
    expect(await look('<p style="color:#595959">достаточно тёмный</p>')).toEqual([]);
    // the board's 7:1: #595959 on white is 7.0, #666 is 5.7
    expect(kinds(await look('<p style="color:#666">серый</p>', 'ru', 7))).toEqual(['contrast']);
    // a disabled control is exempt
    expect(await look('<button disabled style="color:#bbb">недоступно</button>')).toEqual([]);
  });

  it('finds text drawn over text and text covered by a box', async () => {
    const over = await look(
      '<div style="position:absolute;top:10px;left:10px">первая строка</div><div style="position:absolute;top:12px;left:20px">вторая строка</div>',
    );
    expect(kinds(over)).toEqual(['overlap']);
    const covered = await look(
      '<p style="margin:0;padding:20px">закрытый текст</p><div style="position:absolute;top:0;left:0;width:400px;height:80px;background:#fff"></div>',
    );
    expect(kinds(covered)).toEqual(['overlap']);
  });

  it('finds text that sticks out of its box, text cut off, and a page wider than the screen', async () => {
    expect(kinds(await look('<div style="width:60px;white-space:nowrap">очень длинная надпись</div>'))).toEqual([
      'overflow',
    ]);
    expect(
      kinds(await look('<div style="width:60px;white-space:nowrap;overflow:hidden">очень длинная надпись</div>')),
    ).toEqual(['overflow']);
    const wide = await look('<div style="width:1200px">широкая страница</div>');
    expect(wide.map((p) => p.what)).toContain('the page');
  });

  it('finds a control off the screen or under something, and not one scrolled away in its list', async () => {
    const off = await look('<button style="position:absolute;top:700px">Далее</button>');
    expect(off).toEqual([expect.objectContaining({ kind: 'control', why: expect.stringContaining('outside') })]);
    const under = await look(
      '<button style="position:absolute;top:10px;left:10px;width:100px;height:40px"></button><div style="position:absolute;top:0;left:0;width:200px;height:100px;background:#eee"></div>',
    );
    expect(under).toEqual([expect.objectContaining({ kind: 'control', why: expect.stringContaining('covered') })]);
    const list = await look(
      `<div style="height:100px;overflow:auto">${Array.from({ length: 20 }, (_, i) => `<button style="display:block;height:40px">Тема ${i}</button>`).join('')}</div>`,
    );
    expect(list).toEqual([]);
  });
});

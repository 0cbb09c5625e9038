/**
 * The stylesheet of the visitor's phone pages (`/v/…`, `/d/…`), carried in the page (one request over a
 * slow mobile link). Three palettes on the same variables: normal, the phone's dark mode, and high
 * contrast (`?contrast=high`, the page's own toggle), which wins over both. Every text pair holds 4.5:1.
 *
 * The ticket page shows the number and the window of a call in large type, readable at arm's length.
 * The page is laid out as a phone app is: the language and contrast toggles on top, the page's content
 * scrolling under them, and the rating form's «Отправить» fixed at the bottom, in reach at any scroll.
 */
export const PAGE_STYLE = `
:root{--bg:#f3f5f8;--fg:#11202e;--muted:#51606e;--card:#fff;--line:#8a99a8;--accent:#0b5cad;--on-accent:#fff;
--chosen-bg:#e2efff;--chosen-fg:#11202e;--warn-bg:#fff3d6;--warn-line:#f0a400;--ok-bg:#e5f6ea;--ok-line:#2e8b57;
--focus:#f0a400;--shadow:0 1px 3px #0002}
@media (prefers-color-scheme:dark){:root{--bg:#0e1620;--fg:#eef3f8;--muted:#b4c1cd;--card:#17222e;--line:#7a8b9c;
--accent:#6cb2ff;--on-accent:#00172e;--chosen-bg:#123a66;--chosen-fg:#fff;--warn-bg:#3a2c00;--warn-line:#f0a400;
--ok-bg:#0f3320;--ok-line:#4cc27e;--shadow:none}}
html.hc{--bg:#000;--fg:#fff;--muted:#f0f0f0;--card:#000;--line:#fff;--accent:#ffd400;--on-accent:#000;
--chosen-bg:#ffd400;--chosen-fg:#000;--warn-bg:#000;--warn-line:#ffd400;--ok-bg:#000;--ok-line:#6dff8a;
--focus:#00e5ff;--shadow:none}
*{box-sizing:border-box}html,body{height:100%;margin:0}
body{font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
.page{display:flex;flex-direction:column;height:100vh;height:100dvh}
.bar{flex:none;display:flex;flex-wrap:wrap;justify-content:flex-end;gap:8px;padding:8px 12px;border-bottom:1px solid var(--line)}
.tool{display:inline-flex;align-items:center;min-height:44px;padding:0 14px;border:2px solid var(--line);border-radius:22px;
color:var(--fg);background:var(--card);font-size:15px;font-weight:600;text-decoration:none}
.content{flex:1;min-height:0;overflow-y:auto}
main{max-width:520px;margin:0 auto;padding:8px 16px 16px}
.actions{flex:none;padding:10px 16px calc(10px + env(safe-area-inset-bottom));border-top:1px solid var(--line);background:var(--bg)}
.actions button{display:block;max-width:488px;margin:0 auto}
h1{font-size:22px;margin:8px 0 4px}p{margin:6px 0}.muted{color:var(--muted);font-size:15px}
.card{background:var(--card);border-radius:14px;padding:16px;margin:12px 0;box-shadow:var(--shadow)}
html.hc .card{border:2px solid var(--line)}
.scale{display:flex;gap:8px;margin:12px 0}.scale label{flex:1}
.scale input,.choices input{position:absolute;opacity:0;width:1px;height:1px}
.scale span{display:flex;align-items:center;justify-content:center;height:64px;border-radius:12px;border:2px solid var(--line);
font-size:26px;font-weight:700;background:var(--card);color:var(--fg)}
.scale input:checked+span{background:var(--accent);border-color:var(--accent);color:var(--on-accent)}
.scale input:focus-visible+span,.choices input:focus-visible+span{outline:3px solid var(--focus)}
.ends{display:flex;justify-content:space-between;gap:8px;font-size:14px;color:var(--muted)}
.choices{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}.choices label{display:block}
.choices span{display:inline-block;padding:10px 14px;border-radius:20px;border:2px solid var(--line);background:var(--card);color:var(--fg)}
.choices input:checked+span{background:var(--chosen-bg);border-color:var(--accent);color:var(--chosen-fg)}
textarea,input[type=text],input[type=tel]{width:100%;font:inherit;padding:10px;border-radius:10px;border:2px solid var(--line);
margin:6px 0;background:var(--card);color:var(--fg)}
textarea{min-height:96px}
button{width:100%;min-height:56px;font:inherit;font-size:19px;font-weight:700;border:0;border-radius:12px;background:var(--accent);color:var(--on-accent)}
.notice{padding:14px;border-radius:12px;background:var(--warn-bg);border:2px solid var(--warn-line)}
.ok{background:var(--ok-bg);border-color:var(--ok-line)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
[hidden]{display:none!important}
.ticket{text-align:center;margin:8px 0 4px}.ticket .label{margin:0;font-size:17px;color:var(--muted)}
.num{margin:0;font-size:56px;line-height:1.1;font-weight:800;letter-spacing:1px;overflow-wrap:anywhere}
.place{text-align:center}.ahead{font-size:24px;font-weight:700;margin:0 0 6px}.estimate{font-size:19px;font-weight:600}
.call{margin:12px 0;padding:18px 12px;border-radius:16px;background:var(--accent);color:var(--on-accent);text-align:center}
.call p{margin:0;font-size:22px;font-weight:700}.call .where{font-size:48px;line-height:1.15;font-weight:800;overflow-wrap:anywhere}
html.hc .call{border:3px solid var(--line)}
button.second{margin:12px 0;background:var(--card);color:var(--fg);border:2px solid var(--line);font-size:17px}
.tool.wide{display:flex;justify-content:center;width:100%;min-height:52px;font-size:17px}
`;

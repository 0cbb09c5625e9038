import { KEEP_ALIVE_MS } from '../visit-live/hub.js';

/**
 * The ticket page's only script (`/v/live.js`, a file: the CSP allows no inline script). It follows the
 * page's stream (`data-live`) with EventSource and puts each pushed part in place; at a new call it
 * vibrates and plays a short chime (WebAudio; the phone allows sound only after a tap, so the page offers
 * one); it says plainly when the link to the office is lost and reconnects by itself, also after a
 * server restart or a stream that went silent. Old phone browsers: ES5, no modules.
 * When the visit is served the page reloads: the server answers with the rating form. A visit over
 * otherwise (missed, cancelled, rated) ends the stream: nothing more will change.
 */
export const LIVE_SCRIPT = `(function(){
var me=document.currentScript,url=me&&me.getAttribute('data-live');if(!url||!window.EventSource)return;
var live=document.getElementById('live'),conn=document.getElementById('conn'),sound=document.getElementById('sound'),notify=document.getElementById('notify'),hint=document.getElementById('hint');
var OVER={done:1,'no-show':1,cancelled:1,unknown:1},over=false;
var SILENT=${KEEP_ALIVE_MS * 2 + 10_000},es=null,heard=Date.now(),wait=2000,again=null,ac=null;
function first(){var t=live.querySelector('[data-status]');over=!!(t&&OVER[t.getAttribute('data-status')]);return t?t.getAttribute('data-call-key'):null}
var seen=first();
function audio(){if(ac)return ac;var C=window.AudioContext||window.webkitAudioContext;if(!C)return null;try{ac=new C()}catch(e){ac=null}return ac}
function chime(){var c=audio();if(!c||c.state!=='running')return false;var t=c.currentTime;
[0,0.3,0.6].forEach(function(d,i){var o=c.createOscillator(),g=c.createGain();o.type='sine';o.frequency.value=i===2?1175:880;
g.gain.setValueAtTime(0.0001,t+d);g.gain.exponentialRampToValueAtTime(0.5,t+d+0.02);g.gain.exponentialRampToValueAtTime(0.0001,t+d+0.28);
o.connect(g);g.connect(c.destination);o.start(t+d);o.stop(t+d+0.3)});return true}
function offer(){if(!sound)return;if(over){sound.hidden=true;return}var c=audio();sound.hidden=!c||c.state==='running'}
function unlock(){var c=audio();if(!c||c.state==='running')return;var p=c.resume();if(p&&p.then)p.then(offer,offer);else offer()}
if(sound)sound.addEventListener('click',function(){unlock();setTimeout(chime,50)});
document.addEventListener('pointerdown',unlock,true);
function ring(){document.documentElement.setAttribute('data-alerts',String(Number(document.documentElement.getAttribute('data-alerts')||0)+1));
try{if(navigator.vibrate)navigator.vibrate([400,200,400,200,400])}catch(e){}if(!chime()&&sound)sound.hidden=false}
function show(v){if(v.state==='rate'){location.reload();return}
live.innerHTML=v.html;if(notify)notify.hidden=v.state!=='waiting'&&v.state!=='postponed';
over=!!OVER[v.state];if(hint)hint.hidden=over;offer();if(over&&es){es.close();es=null;conn.hidden=true}
if(v.callKey&&v.callKey!==seen&&v.state==="called")ring();if(v.callKey)seen=v.callKey;
document.title=v.title||document.title}
function lost(){conn.hidden=false}
function connect(){clearTimeout(again);if(es)es.close();es=null;if(over)return;es=new EventSource(url);heard=Date.now();
es.onopen=function(){heard=Date.now();wait=2000;conn.hidden=true};
es.addEventListener('visit',function(e){heard=Date.now();conn.hidden=true;try{show(JSON.parse(e.data))}catch(x){}});
es.addEventListener('ping',function(){heard=Date.now();conn.hidden=true});
es.onerror=function(){if(!es)return;lost();if(es.readyState===2){es.close();again=setTimeout(connect,wait);wait=Math.min(wait*2,30000)}}}
setInterval(function(){if(!over&&Date.now()-heard>SILENT){lost();connect()}},5000);
document.addEventListener('visibilitychange',function(){if(!over&&!document.hidden&&Date.now()-heard>SILENT)connect()});
offer();connect();
})();
`;

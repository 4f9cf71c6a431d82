"""The page's own CSS and the few lines of JavaScript the Chatbot cannot do itself.

* **Font.** Gradio's default theme serves Source Sans Pro from a subset (its semibold
  file is about 5 KB), so capitals in bold titles fall back to another font ("ᴀSUS").
  The page uses the system UI stack instead: every platform has a complete one.
* **Names for assistive technology.** The Chatbot labels each message with its raw
  HTML ("bot's message: <div id=…") and every thumbs with a bare "Like"/"Dislike".
  :data:`PAGE_JS` relabels them from what the card shows: "Product [2] HP ProBook 450,
  $699.00" and "Like [2] HP ProBook 450".
* **Card actions.** The Chatbot sanitizes HTML (no scripts, no buttons that call
  Python), so a card's "More like this" is a link that :data:`PAGE_JS` turns into an
  event of the bridge component (``trigger('click', {...})``), which Python handles.
* **Scrolling.** After an answer finishes, :data:`SCROLL_TO_ANSWER_JS` brings the start of
  the answer (the shopper's question above it) into view, not its last card.
"""

from __future__ import annotations

#: The system UI font stack (complete fonts on every platform; nothing to download).
SYSTEM_FONTS = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", '
                '"Liberation Sans", "DejaVu Sans", Arial, sans-serif')

APP_CSS = """
:root, .dark, .gradio-container, body {
  --font: __FONTS__ !important;
  --font-mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace !important;
}
body, .gradio-container, .gradio-container .prose { font-family: __FONTS__ !important; }
#sa-chat .message-content img { max-width: 100%; }
.sa-footer { color: #6b7280; font-size: 12px; margin-top: 12px; text-align: center; }
.sa-footer a { color: inherit; text-decoration: underline; }
.sa-sr { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
         clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.sa-typing { display: flex; align-items: center; gap: 10px; color: #4b5563; font-size: 14px; }
.sa-dots { display: inline-flex; gap: 4px; }
.sa-dots i { width: 7px; height: 7px; border-radius: 50%; background: #6366f1; opacity: .3;
             animation: sa-blink 1.2s infinite ease-in-out; }
.sa-dots i:nth-child(2) { animation-delay: .2s; }
.sa-dots i:nth-child(3) { animation-delay: .4s; }
@keyframes sa-blink { 0%, 80%, 100% { opacity: .25; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .sa-dots i { animation: none; opacity: .7; } }
.sa-byline { font-size: 12px; color: #6b7280; margin-bottom: 4px; }
.sa-byline.sa-timeout { color: #92400e; background: #fef3c7; border-radius: 6px; padding: 2px 8px; display: inline-block; }
.sa-actions { margin-top: 4px; font-size: 12px; }
.sa-actions a { color: #4f46e5; text-decoration: none; border: 1px solid #c7d2fe; border-radius: 999px; padding: 1px 8px; }
.sa-actions a:hover, .sa-actions a:focus { background: #eef2ff; }
#sa-chips { gap: 6px; flex-wrap: wrap; }
#sa-chips button { flex: 0 1 auto !important; min-width: 0 !important; border-radius: 999px; font-size: 13px; }
.sa-compare { border-collapse: collapse; font-size: 13px; min-width: 100%; }
.sa-compare th, .sa-compare td { border-bottom: 1px solid #e5e7eb; padding: 4px 8px; text-align: left; vertical-align: top; }
.sa-compare thead th { background: #f9fafb; }
.sa-compare .sa-best { color: #047857; font-weight: 700; }
#sa-bridge { display: none; }
@media (max-width: 720px) {
  #sa-filters .form, #sa-filters .row { flex-wrap: wrap; }
  #sa-chat { height: 62vh !important; min-height: 360px !important; }
}
""".replace("__FONTS__", SYSTEM_FONTS)

#: Runs once when the bridge component loads (``gr.HTML(js_on_load=...)``): ``element``
#: and ``trigger`` are Gradio's. Relabels chat messages and thumbs, forwards card actions.
PAGE_JS = r"""
if (!window.__saPageInstalled) {
window.__saPageInstalled = true;
const saChat = () => document.querySelector('#sa-chat');
const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
function cardName(card) {
  const n = clean(card.querySelector('.sa-num')?.innerText).replace(/[\[\]]/g, '');
  const title = card.querySelector('.sa-name')?.getAttribute('title') || clean(card.querySelector('.sa-name')?.innerText);
  const price = clean(card.querySelector('.sa-price')?.innerText);
  return clean(`[${n}] ${title}${price ? ', ' + price : ''}`);
}
function thumbsOf(message) {
  // The thumbs sit in the message's own row, or in what follows it before the next row.
  const find = (el) => el && el.querySelector ? el.querySelector('button[data-sa-thumb="like"], button[aria-label="Like"]') : null;
  const row = message.closest('.message-row') || message.parentElement;
  let scope = find(row) ? row : null;
  for (let next = row.nextElementSibling; !scope && next && !next.classList.contains('message-row'); next = next.nextElementSibling) {
    if (find(next)) scope = next;
  }
  if (!scope) return [null, null];
  return [find(scope), scope.querySelector('button[data-sa-thumb="dislike"], button[aria-label="Dislike"]')];
}
function setLabel(el, label) { if (el && label && el.getAttribute('aria-label') !== label) el.setAttribute('aria-label', label); }
function relabel() {
  const root = saChat();
  if (!root) return;
  root.querySelectorAll('[data-testid="bot"], [data-testid="user"]').forEach((message) => {
    const card = message.querySelector('.sa-card');
    let name, what;
    if (card) { name = cardName(card); what = 'Product ' + name; }
    else if (message.dataset.testid === 'user') { what = 'You: ' + clean(message.innerText).slice(0, 160); }
    else if (message.querySelector('.sa-typing')) { what = 'Assistant is working: ' + clean(message.innerText); }
    else { what = 'Assistant: ' + clean(message.innerText).slice(0, 160); }
    setLabel(message, what);
    if (message.dataset.testid !== 'bot') return;
    const [like, dislike] = thumbsOf(message);
    const target = name || 'this answer';
    if (like) { like.dataset.saThumb = 'like'; setLabel(like, 'Like ' + target); }
    if (dislike) { dislike.dataset.saThumb = 'dislike'; setLabel(dislike, 'Dislike ' + target); }
  });
}
let saPending = false;
const saObserver = new MutationObserver(() => {
  if (saPending) return;
  saPending = true;
  requestAnimationFrame(() => { saPending = false; relabel(); });
});
const saWatch = () => { const root = saChat(); if (root) { saObserver.observe(root, {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['aria-label']}); relabel(); } else { setTimeout(saWatch, 200); } };
saWatch();
document.addEventListener('click', (event) => {
  const link = event.target.closest && event.target.closest('#sa-chat a.sa-more');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  trigger('click', {action: 'more', card: (link.getAttribute('href') || '').replace(/^#more-/, '')});
}, true);
}
"""

#: After a turn: bring the start of the last answer into view (the question above it), not its end.
SCROLL_TO_ANSWER_JS = r"""
() => {
  const go = () => {
    const root = document.querySelector('#sa-chat');
    if (!root) return;
    const users = root.querySelectorAll('[data-testid="user"]');
    const question = users[users.length - 1];
    if (!question) return;
    const row = question.closest('.message-row') || question;
    let box = row.parentElement;
    while (box && box !== root.parentElement && !(box.scrollHeight > box.clientHeight + 4 && getComputedStyle(box).overflowY !== 'visible')) box = box.parentElement;
    if (box && box !== root.parentElement) {  // the chat scrolls inside its own box: move that, not the page
      box.scrollTop += row.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
    } else if (row.getBoundingClientRect().top < 0) {
      row.scrollIntoView({block: 'nearest'});
    }
  };
  setTimeout(go, 60);
  setTimeout(go, 400);
}
"""

#: After a thumbs: the optional reason row, which opens under the chat, scrolled into view.
REASON_IN_VIEW_JS = r"""
() => setTimeout(() => {
  const row = document.querySelector('#sa-reason');
  if (row && row.offsetParent !== null) row.scrollIntoView({block: 'nearest', behavior: 'smooth'});
}, 150)
"""

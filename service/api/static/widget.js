/* 年鉴问答 widget. Embed on any intranet page whose origin is in the service's allowed_origins:
 *   <script src="http://HOST:8000/widget.js" defer></script>
 * It adds a floating 年鉴问答 button opening a panel with an iframe to HOST/embed: the chat runs
 * on the service's own origin, and a shadow root keeps the page's CSS off the button and panel. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__yearbookQaWidget) return;
  window.__yearbookQaWidget = true;
  var base = new URL(script.src, location.href).origin;

  var CSS = [
    ":host { all: initial !important; display: block !important; }",  /* !important in a shadow root beats the page's */
    ".btn { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; padding: 10px 18px; border: none;",
    "  border-radius: 24px; background: #8b1a1a; color: #fff; font: 15px/1.4 'PingFang SC', 'Microsoft YaHei',",
    "  'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif; box-shadow: 0 4px 14px rgba(0,0,0,.25); cursor: pointer; }",
    ".panel { position: fixed; right: 16px; bottom: 72px; z-index: 2147483000; display: flex; flex-direction: column;",
    "  width: min(400px, calc(100vw - 16px)); height: min(600px, calc(100vh - 88px)); background: #fff;",
    "  border-radius: 12px; overflow: hidden; box-shadow: 0 8px 30px rgba(0,0,0,.3); }",
    ".panel[hidden] { display: none; }",
    ".bar { display: flex; align-items: center; justify-content: space-between; padding: 8px 12px; background: #8b1a1a;",
    "  color: #fff; font: bold 15px/1.4 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif; }",
    ".close { border: none; background: none; color: #fff; font-size: 20px; line-height: 1; cursor: pointer; }",
    "iframe { flex: 1; width: 100%; border: 0; }",
    "@media (max-width: 480px) { .panel { right: 8px; bottom: 64px; } .btn { right: 8px; bottom: 8px; } }"
  ].join("\n");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  var host = el("yearbook-qa-widget");  /* a custom element: page rules for div, button … miss it */
  host.id = "yearbook-qa-widget";
  var root = host.attachShadow({ mode: "open" });
  if (root.adoptedStyleSheets !== undefined && window.CSSStyleSheet) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);  /* not inline style: works under the page's CSP too */
    root.adoptedStyleSheets = [sheet];
  } else {
    root.appendChild(el("style", "", CSS));
  }

  var button = el("button", "btn", "年鉴问答");
  button.type = "button";
  button.setAttribute("aria-expanded", "false");
  var panel = el("div", "panel");
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", "年鉴问答");
  var bar = el("div", "bar", "年鉴问答");
  var close = el("button", "close", "×");
  close.type = "button";
  close.setAttribute("aria-label", "关闭");
  bar.appendChild(close);
  var frame = el("iframe");
  frame.title = "年鉴问答";
  panel.appendChild(bar);
  panel.appendChild(frame);
  root.appendChild(panel);
  root.appendChild(button);

  function toggle(open) {
    if (open && !frame.src) frame.src = base + "/embed";  /* loaded on first open only */
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "收起问答" : "年鉴问答";
  }
  button.addEventListener("click", function () { toggle(panel.hidden); });
  close.addEventListener("click", function () { toggle(false); });

  (document.body || document.documentElement).appendChild(host);
})();

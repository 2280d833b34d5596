/* 年鉴问答 chat: shared by the full page (/) and the widget's iframe (/embed). No build step, no CDN. */
(function () {
  "use strict";

  var EXAMPLES = ["十届二次会议开幕那天实到多少委员？", "2022年共召开了几次常委会会议？"];
  var MAX_TURNS = 10;
  var tokenMeta = document.querySelector('meta[name="yq-token"]');
  var token = tokenMeta ? tokenMeta.getAttribute("content") : "";
  var log = document.getElementById("yq-log");
  var form = document.getElementById("yq-form");
  var input = document.getElementById("yq-input");
  var sendButton = document.getElementById("yq-send");
  var history = [];
  var busy = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  /* text with the [start, end) ranges wrapped in <mark> */
  function highlighted(text, ranges) {
    var frag = document.createDocumentFragment();
    var at = 0;
    (ranges || []).slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (r) {
      var start = Math.max(r[0], at), end = Math.min(r[1], text.length);
      if (end <= start) return;
      frag.appendChild(document.createTextNode(text.slice(at, start)));
      frag.appendChild(el("mark", "", text.slice(start, end)));
      at = end;
    });
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  function rangesOf(text, needle) {
    var i = needle ? text.indexOf(needle) : -1;
    return i < 0 ? [] : [[i, i + needle.length]];
  }

  function citePath(c) {
    var parts = [c.document_title, c.chapter];
    if (c.entry && !c.table) parts.push("【" + c.entry + "】");
    if (c.table) parts.push(c.row ? c.table + " 第" + c.row + "行" : c.table);
    if (c.location) parts.push(c.location);
    return parts.filter(Boolean).join(" · ");
  }

  /* the widget token is short-lived: a fresh copy of this page carries a fresh one */
  async function renewToken() {
    var html = await (await fetch(location.href, { cache: "no-store" })).text();
    var meta = new DOMParser().parseFromString(html, "text/html").querySelector('meta[name="yq-token"]');
    if (meta) token = meta.getAttribute("content");
  }

  async function api(path, body, renewed) {
    var opts = { headers: { "X-Widget-Token": token } };
    if (body) {
      opts.method = "POST";
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    var res = await fetch(path, opts);
    var data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    var code = data && data.error ? data.error.code : "";
    if (res.status === 401 && !renewed && (code === "token_expired" || code === "invalid_token")) {
      await renewToken();
      return api(path, body, true);
    }
    if (!res.ok) {
      throw new Error(data && data.error ? data.error.message : "服务暂时不可用（" + res.status + "）");
    }
    return data;
  }

  async function showContext(c, box, button) {
    button.disabled = true;
    try {
      var data = await api("api/passages/" + encodeURIComponent(c.passage_id));
      var loc = data.location;
      box.textContent = "";
      if (loc.position) box.appendChild(el("p", "yq-where", "位于《" + loc.document_title + "》第 " + loc.position + " / " + loc.total + " 段"));
      data.neighbours.forEach(function (n) {  /* in document order */
        var label = n.span[0] < data.passage.span[0] ? "上文：" : "下文：";
        box.appendChild(el("p", "yq-neighbour", label + n.text));
      });
      button.remove();
    } catch (e) {
      box.textContent = e.message;
      button.disabled = false;
    }
  }

  function citation(c) {
    var li = el("li", "yq-cite" + (c.is_answer ? " yq-cite-answer" : ""));
    li.id = "yq-cite-" + c.number;
    var details = el("details");
    var summary = el("summary");
    summary.appendChild(el("span", "yq-num", "[" + c.number + "]"));
    summary.appendChild(el("span", "yq-path", citePath(c)));
    details.appendChild(summary);
    var passage = el("p", "yq-passage");
    passage.appendChild(highlighted(c.text, c.highlights));
    details.appendChild(passage);
    var context = el("div", "yq-context");
    var more = el("button", "yq-more", "查看上下文");
    more.type = "button";
    more.addEventListener("click", function () { showContext(c, context, more); });
    details.appendChild(context);
    details.appendChild(more);
    li.appendChild(details);
    return li;
  }

  function renderAnswer(a) {
    var msg = el("div", "yq-msg yq-bot");
    var numbers = a.citations.filter(function (c) { return c.is_answer; }).map(function (c) { return c.number; });
    if (a.answerable && a.answer) {
      var head = el("div", a.sure ? "yq-answer" : "yq-answer yq-unsure");
      if (!a.sure) head.appendChild(el("span", "yq-label", "可能是："));
      head.appendChild(el(a.sure ? "strong" : "span", "yq-short", a.answer));
      numbers.forEach(function (n) { head.appendChild(el("sup", "yq-ref", "[" + n + "]")); });
      msg.appendChild(head);
      if (a.answer_sentence) {
        var sentence = el("p", "yq-sentence");
        sentence.appendChild(el("span", "yq-label", "依据："));
        sentence.appendChild(highlighted(a.answer_sentence, rangesOf(a.answer_sentence, a.answer)));
        msg.appendChild(sentence);
      }
      msg.appendChild(el("p", "yq-meta", "置信度 " + Math.round(a.confidence * 100) + "%" +
        (a.sure ? "" : "，把握不大，请核对出处")));
    } else {
      msg.appendChild(el("div", "yq-answer yq-notfound", "未找到"));
      msg.appendChild(el("p", "yq-sentence", "年鉴中没有找到可靠的答案。"));
    }
    if (a.citations.length) {
      msg.appendChild(el("p", "yq-cites-title", a.answerable ? "出处（点击展开）" : "相关段落"));
      var list = el("ol", "yq-cites");
      a.citations.forEach(function (c) { list.appendChild(citation(c)); });
      msg.appendChild(list);
    }
    return msg;
  }

  function welcome() {
    var msg = el("div", "yq-msg yq-bot yq-welcome");
    msg.appendChild(el("p", "", "您好！请用中文提问，例如："));
    EXAMPLES.forEach(function (q) {
      var b = el("button", "yq-example", q);
      b.type = "button";
      b.addEventListener("click", function () { ask(q); });
      msg.appendChild(b);
    });
    log.appendChild(msg);
  }

  async function ask(question) {
    question = question.trim();
    if (!question || busy) return;
    busy = true;
    sendButton.disabled = true;
    var asked = el("div", "yq-msg yq-user", question);
    log.appendChild(asked);
    var pending = el("div", "yq-msg yq-bot yq-pending", "正在查找…");
    log.appendChild(pending);
    scrollDown();
    try {
      var a = await api("api/ask", { question: question, history: history.slice(-2 * MAX_TURNS) });
      pending.replaceWith(renderAnswer(a));
      log.scrollTop = asked.offsetTop - 8;  /* the question and the top of its answer in view */
      history.push({ role: "user", content: question });
      history.push({ role: "assistant", content: a.answerable && a.answer ? a.answer : "未找到" });
    } catch (e) {
      pending.replaceWith(el("div", "yq-msg yq-bot yq-error", e.message));
      scrollDown();
    } finally {
      busy = false;
      sendButton.disabled = false;
      input.focus();
    }
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (busy || !input.value.trim()) return;  /* keep what was typed while an answer is pending */
    var q = input.value;
    input.value = "";
    ask(q);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  document.getElementById("yq-clear").addEventListener("click", function () {
    history = [];
    log.textContent = "";
    welcome();
  });
  welcome();
})();

(function () {
  "use strict";
  var STATES = { ready: "可问答", indexing: "正在建立索引…", deleting: "正在删除…", failed: "失败" };
  var keyInput = document.getElementById("admin-key");
  var statusLine = document.getElementById("admin-status");
  var body = document.querySelector("#documents tbody");
  var timer = null;

  keyInput.value = sessionStorage.getItem("yq-admin-key") || "";
  keyInput.addEventListener("change", function () {
    sessionStorage.setItem("yq-admin-key", keyInput.value.trim());
    refresh();
  });

  function headers() {
    var key = keyInput.value.trim();
    return key ? { Authorization: "Bearer " + key } : {};
  }

  async function call(method, path, payload) {
    var response = await fetch(path, { method: method, headers: headers(), body: payload });
    var data = await response.json().catch(function () { return {}; });
    if (!response.ok) throw new Error((data.error && data.error.message) || "请求失败 (" + response.status + ")");
    return data;
  }

  function cell(text) {
    var td = document.createElement("td");
    td.textContent = text === null || text === undefined ? "" : String(text);
    return td;
  }

  function render(documents) {
    body.textContent = "";
    documents.forEach(function (d) {
      var tr = document.createElement("tr");
      tr.dataset.id = d.id;
      tr.appendChild(cell(d.title || d.id));
      tr.appendChild(cell(d.year));
      tr.appendChild(cell(d.passages));
      tr.appendChild(cell(d.table_rows));
      var state = cell(STATES[d.state] + (d.message ? "：" + d.message : ""));
      state.className = "state state-" + d.state;
      tr.appendChild(state);
      var actions = document.createElement("td");
      if (d.state === "ready" || d.state === "failed") {
        var remove = document.createElement("button");
        remove.className = "danger";
        remove.textContent = d.state === "failed" ? "清除" : "删除";
        remove.addEventListener("click", function () { removeDocument(d); });
        actions.appendChild(remove);
      }
      tr.appendChild(actions);
      body.appendChild(tr);
    });
  }

  async function refresh() {
    try {
      var data = await call("GET", "/api/documents");
      render(data.documents);
      var busy = data.documents.some(function (d) { return d.state === "indexing" || d.state === "deleting"; });
      clearTimeout(timer);
      if (busy) timer = setTimeout(refresh, 1500);
    } catch (e) {
      statusLine.textContent = e.message;
    }
  }

  async function removeDocument(d) {
    if (!window.confirm("确定删除《" + (d.title || d.id) + "》吗？")) return;
    try {
      await call("DELETE", "/api/documents/" + encodeURIComponent(d.id));
      statusLine.textContent = "正在删除：" + (d.title || d.id);
    } catch (e) {
      statusLine.textContent = e.message;
    }
    refresh();
  }

  document.getElementById("upload-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    var file = document.getElementById("upload-file").files[0];
    if (!file) {
      statusLine.textContent = "请先选择文件";
      return;
    }
    var form = new FormData();
    form.append("file", file);
    statusLine.textContent = "正在上传：" + file.name;
    try {
      await call("POST", "/api/documents", form);
      statusLine.textContent = "已上传，正在建立索引：" + file.name;
    } catch (e) {
      statusLine.textContent = e.message;
    }
    refresh();
  });

  refresh();
})();

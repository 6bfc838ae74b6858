/* chyrak offline: registers the service worker (scripts/sw.js; only over http(s),
   never on file://) and asks it to keep the page's language, within the site's
   budget, or only its main pages when the reader's browser saves data. On the home
   page, the "keep all of <language>" button: it asks the worker what keeping the
   whole language would download, shows that size, and on a press asks the worker to
   download it, showing the progress. Nothing more is downloaded without the press. */
(function () {
  "use strict";
  var body = document.body;
  var sw = body && body.getAttribute("data-sw");
  if (!sw || !navigator.serviceWorker || !/^https?:$/.test(location.protocol)) return;
  var lang = document.documentElement.lang;
  var box = document.querySelector("[data-keep]");
  var button = box && box.querySelector("[data-keep-button]");
  var status = box && box.querySelector("[data-keep-status]");

  /* Sends `message` to the active worker; `each` gets its answers. */
  function ask(worker, message, each) {
    var channel = new MessageChannel();
    channel.port1.onmessage = function (e) { each(e.data); };
    worker.postMessage(message, [channel.port2]);
  }
  /* "850 kB", "3.4 MB", "120 MB", in the page's language where the browser knows it. */
  function size(bytes) {
    var mega = bytes >= 1e6, n = mega ? bytes / 1e6 : Math.max(1, Math.round(bytes / 1e3));
    var digits = mega && n < 10 ? 1 : 0;
    try {
      return new Intl.NumberFormat(lang, { style: "unit", unit: mega ? "megabyte" : "kilobyte", unitDisplay: "short",
        maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
    } catch (e) {
      return n.toFixed(digits) + (mega ? " MB" : " kB");
    }
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, k) { return k in values ? values[k] : all; });
  }
  function show(worker, cost) {
    if (!cost || cost.error) return;
    box.hidden = false;
    var saving = !!(navigator.connection && navigator.connection.saveData);
    box.querySelector("[data-keep-save-data]").hidden = !saving;
    if (cost.missingFiles === 0) {
      button.hidden = true;
      status.textContent = box.getAttribute("data-done");
      return;
    }
    /* What a press downloads: what is not kept yet. */
    button.hidden = false;
    button.disabled = false;
    button.textContent = fill(box.getAttribute("data-label"), { size: size(cost.missingBytes) });
    button.setAttribute("data-bytes", String(cost.missingBytes));
    button.onclick = function () {
      button.disabled = true;
      ask(worker, { keep: lang }, function (m) {
        if (m.total !== undefined) {
          status.textContent = fill(box.getAttribute("data-progress"), { done: m.done, total: m.total });
        } else if (m.kept) {
          button.hidden = true;
          status.textContent = box.getAttribute("data-done");
        } else {
          button.disabled = false;
          status.textContent = box.getAttribute("data-failed");
        }
      });
    };
  }
  /* The worker's URL is relative, so the site works under any sub-path. The worker
     answers messages in order: the size is told once the budget is fetched. */
  navigator.serviceWorker.register(sw).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (reg) {
    var worker = reg.active;
    if (!worker) return;
    var saveData = !!(navigator.connection && navigator.connection.saveData);
    worker.postMessage({ precache: lang, saveData: saveData });
    if (box) ask(worker, { cost: lang }, function (cost) { show(worker, cost); });
  }).catch(function () { /* offline reading is an extra; the site works without it */ });
})();

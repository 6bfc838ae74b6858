/* chyrak safety: quick exit (button, Shift three times) and "forget this site"
   (js/offline.js registers the service worker). Nothing here stores anything about
   the reader. */
(function () {
  "use strict";
  var doc = document;
  var body = doc.body;
  if (!body) return;

  /* Quick exit: hide the page at once, then replace it in the history with a
     neutral site, so that Back does not bring it back. */
  var exitUrl = body.getAttribute("data-exit");
  function leave(e) {
    if (e) e.preventDefault();
    doc.title = "";
    body.className = "exited";
    body.textContent = "";
    try { window.location.replace(exitUrl); } catch (err) { window.location.href = exitUrl; }
  }
  if (exitUrl) {
    var buttons = doc.querySelectorAll("[data-quick-exit]");
    for (var i = 0; i < buttons.length; i++) buttons[i].addEventListener("click", leave);
    var presses = [];
    doc.addEventListener("keydown", function (e) {
      if (e.key !== "Shift" || e.repeat) return;
      var now = Date.now();
      presses.push(now);
      presses = presses.filter(function (t) { return now - t <= 5000; });
      if (presses.length >= 3) { presses = []; leave(); }
    });
    /* Back pressed before the exit page arrived keeps this emptied page in the
       history; brought back from the back/forward cache, it leaves again. */
    window.addEventListener("pageshow", function (e) {
      if (e.persisted && body.className === "exited") leave();
    });
  }

  var web = /^https?:$/.test(window.location.protocol);

  /* The web app manifest is linked only over http(s): on file:// the browser
     refuses to read it and reports an error. */
  var manifest = body.getAttribute("data-manifest");
  if (manifest && web) {
    var link = doc.createElement("link");
    link.rel = "manifest";
    link.href = manifest;
    doc.head.appendChild(link);
  }

  /* "Forget this site": unregister the service worker, delete its caches. */
  var forget = doc.querySelector("[data-forget]");
  var forgetStatus = doc.querySelector("[data-forget-status]");
  if (forget && forgetStatus) {
    forget.hidden = false;
    forget.addEventListener("click", function () {
      var jobs = [];
      if (web && navigator.serviceWorker && navigator.serviceWorker.getRegistrations) {
        jobs.push(navigator.serviceWorker.getRegistrations().then(function (regs) {
          return Promise.all(regs.map(function (r) { return r.unregister(); })).then(function () { return regs.length; });
        }));
      }
      if (web && window.caches) {
        jobs.push(caches.keys().then(function (keys) {
          return Promise.all(keys.map(function (k) { return caches.delete(k); })).then(function () { return keys.length; });
        }));
      }
      Promise.all(jobs).then(function (counts) {
        var any = counts.some(function (n) { return n > 0; });
        forgetStatus.textContent = forgetStatus.getAttribute(any ? "data-done" : "data-none");
      }, function () {
        forgetStatus.textContent = forgetStatus.getAttribute("data-none");
      });
    });
  }
})();

/* Live reload for `chyrak serve` (never part of a build): reloads the page when its
   sources change (keeping the scroll position), swaps the stylesheet when only CSS
   changed, and shows a failed build over the page until it is fixed.

   One connection per tab: in a frame of a page from the same server (the poster
   board's print pages), it does nothing, and the page holding the frame decides.
   A browser opens at most six connections to a host, and each event stream holds
   one for as long as the page is open. A page may take the events itself by
   defining `window.chyrakLive(type, data)` and returning true. */
(function () {
  "use strict";
  try {
    if (window.parent !== window && window.parent.document) return;
  } catch (e) { /* a frame of another origin: connect on its own */ }
  var key = "chyrak-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, +saved); });
  }
  // A poster's web page: a way to the poster editor of the board, beside its print pages.
  if (document.body && document.body.classList.contains("kind-poster")) {
    var edit = document.createElement("a");
    edit.href = "/__chyrak/posters?poster=" + encodeURIComponent(location.pathname);
    edit.textContent = "Edit this poster (chyrak serve)";
    edit.id = "chyrak-edit-poster";
    edit.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;background:#1d5260;color:#fff;padding:.5rem .9rem;border-radius:4px;font:600 14px/1.3 system-ui,sans-serif;text-decoration:none;box-shadow:0 1px 4px rgba(0,0,0,.3)";
    document.body.appendChild(edit);
  }
  var overlay = null;
  function clear() { if (overlay) { overlay.remove(); overlay = null; } }
  var events = new EventSource("/__chyrak/events");
  // Whether the page took the event itself.
  function taken(type, data) {
    return typeof window.chyrakLive === "function" && window.chyrakLive(type, data) === true;
  }
  events.addEventListener("reload", function (e) {
    clear();
    if (taken("reload", e.data)) return;
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
  events.addEventListener("css", function (e) {
    clear();
    if (taken("css", e.data)) return;
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var old = links[i];
      if (old.href.indexOf("/assets/chyrak.") === -1) continue;
      var fresh = old.cloneNode();
      fresh.href = e.data;
      fresh.onload = function () { old.remove(); };
      old.after(fresh);
    }
  });
  events.addEventListener("build-error", function (e) {
    clear();
    overlay = document.createElement("div");
    overlay.id = "chyrak-error";
    overlay.setAttribute("role", "alert");
    overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:14px/1.5 ui-monospace,monospace";
    var h = document.createElement("strong");
    h.textContent = "chyrak: the build failed; the last good version stays served.";
    var pre = document.createElement("pre");
    pre.style.whiteSpace = "pre-wrap";
    pre.textContent = e.data;
    overlay.appendChild(h);
    overlay.appendChild(pre);
    document.body.appendChild(overlay);
  });
})();

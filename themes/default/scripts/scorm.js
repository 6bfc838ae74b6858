// The SCO script of chyrak's SCORM 1.2 packages (chyrak pack --format scorm): a
// lesson counts as done when it is opened. It finds the LMS's run-time (`API`) in a
// parent frame or the window that opened this one, starts the session, reports the
// lesson `completed` (unless the LMS already has it completed or passed), and
// finishes the session when the page is left. Outside an LMS it does nothing.
(function () {
  "use strict";
  function lookIn(win) {
    for (var hops = 0; win && hops < 10; hops++) {
      try {
        if (win.API) return win.API;
      } catch (e) {
        return null; // a frame of another origin: not the LMS
      }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = lookIn(window) || (window.opener ? lookIn(window.opener) : null);
  if (!api) return;
  if (String(api.LMSInitialize("")) !== "true") return;
  var status = String(api.LMSGetValue("cmi.core.lesson_status"));
  if (status !== "completed" && status !== "passed") {
    api.LMSSetValue("cmi.core.lesson_status", "completed");
  }
  api.LMSCommit("");
  var finished = false;
  function finish() {
    if (finished) return;
    finished = true;
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();

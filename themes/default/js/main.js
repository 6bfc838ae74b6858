/* chyrak default theme: small progressive enhancements. The site works fully
   without this file; nothing is stored and nothing is fetched. */
(function () {
  "use strict";
  var doc = document;

  /* Print buttons are in the HTML but hidden: show them only when printing works. */
  if (typeof window.print === "function") {
    var buttons = doc.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }

  /* Task lists (checklists in lessons) are rendered disabled; let readers tick
     them on screen. The state is not saved anywhere. */
  var boxes = doc.querySelectorAll("main li > input[type=checkbox][disabled]");
  for (var j = 0; j < boxes.length; j++) {
    var box = boxes[j];
    var text = (box.parentNode.textContent || "").replace(/\s+/g, " ").trim();
    box.disabled = false;
    if (text) box.setAttribute("aria-label", text.slice(0, 200));
  }
})();

/* "Share" on lesson, play and poster pages (templates/share.html). Where the browser
   has a share sheet (phones), the button opens it with the page's public address;
   otherwise the control opens on its plain links. "Copy link" copies that address.
   Nothing is fetched and nothing is stored. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-share]");
  for (var i = 0; i < boxes.length; i++) setUp(boxes[i]);

  function setUp(box) {
    var url = box.getAttribute("data-url");
    var title = box.getAttribute("data-title");
    if (typeof navigator.share === "function") {
      box.querySelector("summary").addEventListener("click", function (e) {
        if (box.open) return;
        e.preventDefault();
        navigator.share({ title: title, url: url }).catch(function (err) {
          // Closed by the reader: nothing to do. The sheet failed: offer the links.
          if (!err || err.name !== "AbortError") box.open = true;
        });
      });
    }
    var copy = box.querySelector("[data-share-copy]");
    var status = box.querySelector("[data-share-status]");
    if (copy && navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(url).then(function () {
          status.textContent = copy.getAttribute("data-done");
        }, function () {
          // No permission: select the address for the reader to copy.
          var field = box.querySelector(".share-url input");
          field.focus();
          field.select();
        });
      });
    }
  }
})();

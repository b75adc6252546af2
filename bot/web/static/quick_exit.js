// Quick exit, for someone whose partner may walk in: the button (or Escape pressed twice) hides
// the page, forgets what it stored and leaves for a neutral site in place of this page in the
// tab's history, so Back does not come here. Every other tab of this site leaves with it.
(function () {
  "use strict";
  var button = document.getElementById("quick-exit");
  var channel = "BroadcastChannel" in window ? new BroadcastChannel("quick-exit") : null;
  var DOUBLE_PRESS_MS = 1000;
  var lastEscape = -Infinity;
  var leaving = false;

  // rasa-webchat keeps the conversation in session storage (and a little in local storage).
  function forget() {
    try {
      window.sessionStorage.clear();
      window.localStorage.clear();
    } catch (error) {
      // Storage switched off by the browser: nothing was stored.
    }
  }

  function leave(tellOtherTabs) {
    leaving = true;
    document.body.style.display = "none";
    forget();
    if (tellOtherTabs && channel) channel.postMessage("leave");
    window.location.replace(button.href);
  }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    leave(true);
  });
  // It looks and acts as a button, so Space presses it as well as Enter.
  button.addEventListener("keydown", function (event) {
    if (event.key === " ") {
      event.preventDefault();
      leave(true);
    }
  });
  // Capture phase: the widget cannot swallow the key before it gets here.
  document.addEventListener(
    "keydown",
    function (event) {
      if (event.key !== "Escape") return;
      if (event.timeStamp - lastEscape < DOUBLE_PRESS_MS) leave(true);
      lastEscape = event.timeStamp;
    },
    true
  );
  if (channel) {
    channel.onmessage = function () {
      leave(false);
    };
  }
  // The widget may save the conversation again while the page unloads.
  window.addEventListener("pagehide", function () {
    if (leaving) forget();
  });
  // If the browser kept this page anyway (back/forward cache), start afresh rather than show it.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && leaving) window.location.reload();
  });
})();

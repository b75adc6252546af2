// Starts the rasa-webchat widget inside #chat and fills the accessibility gaps of its markup.
(function () {
  "use strict";
  var chat = document.getElementById("chat");
  // "Delete my data" answers with this mark in the reply's metadata (actions/privacy.py). From
  // then on the tab keeps nothing in session storage, so a reload starts a new conversation.
  // The widget saves the conversation on every change, so it is cleared after each one.
  var FORGET_CONVERSATION = "kintsugi_forget_conversation";
  var forgetting = false;

  function forgetConversation() {
    if (!forgetting) return;
    try {
      window.sessionStorage.clear();
    } catch (error) {
      // Storage switched off by the browser: nothing was stored.
    }
  }

  window.WebChat.default(
    {
      socketUrl: chat.dataset.socketUrl,
      socketPath: "/socket.io/",
      embedded: true,
      initPayload: "/greet",
      // The browser's language picks the crisis contacts for the person's country.
      customData: { locale: navigator.language },
      title: "Kintsugi",
      subtitle: "Rebuilding trust, one step at a time",
      inputTextFieldHint: "Type your message",
      showFullScreenButton: false,
      withRules: false, // Rasa sends no widget rules; with them on, the widget stays hidden
      customMessageDelay: function () { return 0; },
      // Session storage: the history survives a reload but not closing the tab, which matters
      // on a shared phone or computer.
      params: { storage: "session" },
      mainColor: "#5c3d0d",
      userBackgroundColor: "#5c3d0d",
      userTextColor: "#ffffff",
      onSocketEvent: {
        bot_uttered: function (message) {
          if (message && message.metadata && message.metadata[FORGET_CONVERSATION]) {
            forgetting = true;
            forgetConversation();
          }
        },
      },
    },
    chat
  );

  function label(element, text) {
    if (element && !element.getAttribute("aria-label")) element.setAttribute("aria-label", text);
  }

  // Quick replies are plain <div>s: make them buttons a keyboard can reach and press.
  function makeReplyAccessible(reply) {
    if (reply.getAttribute("role") === "button") return;
    reply.setAttribute("role", "button");
    reply.setAttribute("tabindex", "0");
    reply.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        reply.click();
      }
    });
  }

  function enhance() {
    label(chat.querySelector("textarea.rw-new-message"), "Your message");
    label(chat.querySelector("button.rw-send"), "Send");
    var log = chat.querySelector("#rw-messages, .rw-messages-container");
    if (log && !log.getAttribute("role")) {
      log.setAttribute("role", "log");
      log.setAttribute("aria-live", "polite");
      log.setAttribute("aria-label", "Conversation");
    }
    chat.querySelectorAll(".rw-reply").forEach(makeReplyAccessible);
  }

  new MutationObserver(function () {
    enhance();
    forgetConversation(); // runs after the widget has rendered, so after it has saved
  }).observe(chat, { childList: true, subtree: true });
  enhance();
  window.addEventListener("pagehide", forgetConversation);
})();

// <cso-chat>: the advisor's chat window as a custom element. Everything it
// draws lives in its shadow root, so the host page's CSS and ours never meet.
import { io } from "socket.io-client";

import { ConversationStore, isSessionId } from "./conversation-store.js";
import { renderMarkdown } from "./markdown.js";
import styles from "./styles.css";

const DEFAULT_TITLE = "CSO Career Advisor";
const DEFAULT_GREETING =
  "Hi! I answer questions about becoming a Chief Security Officer: the steps, certifications, skills, salaries and more. What would you like to know?";
const DEFAULT_COLOR = "#1d4ed8";
// Shown as buttons under the greeting, so a new conversation never starts from a blank panel.
const DEFAULT_STARTER_QUESTIONS = [
  "What certifications do I need?",
  "How long does it take to become a CSO?",
  "Can I become a CSO without a degree?",
  "What does a CSO earn?",
];
// The panel fills a phone's screen; there it is a modal dialog.
const PHONE = "(max-width: 480px)";
// The server's limit (MAX_MESSAGE_CHARS in cso_advisor/rasa_plugins/channels/rest.py; a test checks they agree).
const MAX_MESSAGE_LENGTH = 2000;
const REPLY_TIMEOUT_MS = 20000;

// Captured while the <script> tag runs: by default the widget talks to the server that served it.
const SCRIPT_ORIGIN = document.currentScript?.src ? new URL(document.currentScript.src).origin : window.location.origin;

const TEMPLATE = `
<style>${styles}</style>
<div class="widget">
  <section class="panel" id="panel" role="dialog" aria-labelledby="title" hidden>
    <div class="header">
      <h2 id="title"></h2>
      <button type="button" class="new-conversation">New chat</button>
      <button type="button" class="close" aria-label="Close the chat">&#x2715;</button>
    </div>
    <p class="status" role="status"></p>
    <div class="log" role="log" aria-live="polite" aria-label="Conversation" tabindex="0"></div>
    <div class="typing" role="status" hidden><span class="visually-hidden"></span><i></i><i></i><i></i></div>
    <div class="quick-replies" role="group" aria-label="Suggested questions"></div>
    <form class="composer">
      <label class="visually-hidden" for="message">Your question</label>
      <textarea id="message" rows="1" maxlength="${MAX_MESSAGE_LENGTH}" placeholder="Ask about becoming a CSO…"></textarea>
      <button type="submit" class="send">Send</button>
    </form>
  </section>
  <button type="button" class="launcher" aria-controls="panel" aria-expanded="false">
    <svg class="when-closed" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16v12H7l-3 3z"/></svg>
    <svg class="when-open" viewBox="0 0 24 24" aria-hidden="true"><path d="M5.6 8.2 12 14.6l6.4-6.4 1.4 1.4-7.8 7.8-7.8-7.8z"/></svg>
    <span class="visually-hidden"></span>
  </button>
</div>`;

export class CsoChat extends HTMLElement {
  #root = null;
  #store = null;
  #socket = null;
  #online = false;
  #replyTimer = null;
  #phone = window.matchMedia(PHONE);
  #madeInert = []; // the page's elements this widget made inert while it is a modal dialog

  connectedCallback() {
    if (this.#root) {
      // Moved within the page, as single-page apps do: keep the state, reconnect.
      if (this.#store.isOpen) this.#connect();
      return;
    }
    this.#root = this.attachShadow({ mode: "open" });
    this.#root.innerHTML = TEMPLATE;
    this.#store = new ConversationStore(this.serverUrl);

    const title = this.getAttribute("chat-title") || DEFAULT_TITLE;
    this.#part(".panel h2").textContent = title;
    this.#part(".launcher .visually-hidden").textContent = `Chat with the ${title}`;
    const color = this.getAttribute("primary-color");
    this.#part(".widget").style.setProperty("--cso-primary", CSS.supports("color", color) ? color : DEFAULT_COLOR);
    this.#part(".widget").classList.toggle("left", this.getAttribute("position") === "left");
    // The widget's own words are English unless the page says otherwise, whatever the page's language.
    this.#part(".widget").lang = this.getAttribute("lang") || "en";

    this.#part(".launcher").addEventListener("click", () => (this.#store.isOpen ? this.close() : this.open()));
    this.#part(".close").addEventListener("click", () => this.close());
    this.#part(".new-conversation").addEventListener("click", () => this.newConversation());
    this.#part(".widget").addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.#store.isOpen) this.close();
      if (event.key === "Tab" && this.#isModal()) this.#keepFocusInside(event);
    });
    this.#part(".composer").addEventListener("submit", (event) => {
      event.preventDefault();
      this.#sendTyped();
    });
    this.#part("textarea").addEventListener("input", () => this.#fitInput());
    this.#part("textarea").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#sendTyped();
      }
    });

    this.#phone.addEventListener("change", () => this.#updateModality());

    this.#renderHistory();
    if (this.hasAttribute("open") || this.#store.isOpen) this.open({ focus: false });
  }

  disconnectedCallback() {
    this.#socket?.disconnect();
    this.#socket = null;
    this.#setPageInert(false);
    this.#followVisualViewport(false);
  }

  get serverUrl() {
    return (this.getAttribute("server-url") || SCRIPT_ORIGIN).replace(/\/+$/, "");
  }

  /** Open the chat window and connect to the advisor; a new conversation starts with the `question` option. */
  open({ focus = true, askOpeningQuestion = true } = {}) {
    this.#part(".panel").hidden = false;
    this.#part(".launcher").setAttribute("aria-expanded", "true");
    this.#store.isOpen = true;
    this.#updateModality();
    this.#followVisualViewport(true);
    this.#connect();
    const question = this.getAttribute("question");
    const isNew = !this.#store.messages.some((message) => message.from === "user");
    if (askOpeningQuestion && question && isNew) this.#send(question.slice(0, MAX_MESSAGE_LENGTH));
    if (focus) this.#part("textarea").focus();
    this.#scrollToEnd();
  }

  close() {
    this.#part(".panel").hidden = true;
    this.#part(".launcher").setAttribute("aria-expanded", "false");
    this.#store.isOpen = false;
    this.#updateModality();
    this.#followVisualViewport(false);
    this.#part(".launcher").focus();
  }

  /** Open the chat and ask a question as if the user had typed it. */
  ask(question) {
    if (this.#part(".panel").hidden) this.open({ focus: false, askOpeningQuestion: false });
    this.#send(String(question).slice(0, MAX_MESSAGE_LENGTH));
  }

  /** Forget this conversation and start a new one with a new session id. */
  newConversation() {
    this.#store.reset();
    this.#stopWaiting();
    this.#renderHistory();
    if (this.#socket?.connected) this.#requestSession(); // questions wait in the queue until it is confirmed
    this.#part("textarea").focus();
  }

  #part(selector) {
    return this.#root.querySelector(selector);
  }

  #isModal() {
    return this.#store.isOpen && this.#phone.matches;
  }

  // On a phone the open panel covers the page: a modal dialog, with the page and the launcher behind it inert.
  #updateModality() {
    const modal = this.#isModal();
    this.#part(".panel").setAttribute("aria-modal", String(modal));
    this.#part(".launcher").inert = modal;
    this.#setPageInert(modal);
  }

  // Everything on the page but this widget: the siblings of this element and of each of its ancestors.
  #setPageInert(inert) {
    for (const element of this.#madeInert) element.inert = false;
    this.#madeInert = [];
    if (!inert) return;
    for (let node = this; node.parentElement && node !== document.body; node = node.parentElement) {
      for (const sibling of node.parentElement.children) {
        if (sibling !== node && !sibling.inert && !["SCRIPT", "STYLE", "LINK"].includes(sibling.tagName)) {
          sibling.inert = true;
          this.#madeInert.push(sibling);
        }
      }
    }
  }

  #keepFocusInside(event) {
    const focusable = [...this.#part(".panel").querySelectorAll("button, textarea, [tabindex='0']")].filter(
      (element) => !element.disabled && element.getClientRects().length > 0,
    );
    const [first, last] = [focusable[0], focusable.at(-1)];
    const active = this.#root.activeElement;
    if (event.shiftKey ? active === first || !active : active === last) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  }

  // iOS puts its on-screen keyboard over the page without resizing it: the panel follows the visible part.
  #fitToVisibleViewport = () => {
    const { height, offsetTop } = window.visualViewport;
    this.#part(".widget").style.setProperty("--cso-visible-height", `${height}px`);
    this.#part(".widget").style.setProperty("--cso-visible-top", `${offsetTop}px`);
  };

  #followVisualViewport(follow) {
    if (!window.visualViewport) return;
    for (const type of ["resize", "scroll"]) {
      if (follow) window.visualViewport.addEventListener(type, this.#fitToVisibleViewport);
      else window.visualViewport.removeEventListener(type, this.#fitToVisibleViewport);
    }
    if (follow) this.#fitToVisibleViewport();
  }

  // The input grows with its text up to about four lines (its CSS max-height), then scrolls.
  #fitInput() {
    const textarea = this.#part("textarea");
    textarea.style.height = "auto";
    textarea.style.height = `${textarea.scrollHeight + textarea.offsetHeight - textarea.clientHeight}px`;
  }

  #connect() {
    if (this.#socket) return;
    this.#setConnection("connecting");
    // A server URL may carry a path, for an advisor behind a reverse proxy's prefix, or be relative to the page.
    const server = new URL(this.serverUrl, window.location.href);
    const socket = io(server.origin, {
      path: `${server.pathname.replace(/\/+$/, "")}/socket.io`,
      // Websocket first, falling back to long polling where a proxy blocks websockets.
      transports: ["websocket", "polling"],
      tryAllTransports: true,
    });
    socket.on("connect", () => this.#requestSession());
    socket.on("session_confirm", (sessionId) => this.#sessionConfirmed(sessionId));
    socket.on("bot_uttered", (message) => this.#receive(message));
    socket.on("disconnect", (reason) => {
      this.#setConnection("offline");
      if (reason === "io server disconnect") socket.connect(); // the client reconnects by itself otherwise
    });
    socket.on("connect_error", () => this.#setConnection("offline"));
    this.#socket = socket;
  }

  #requestSession() {
    this.#setConnection("connecting");
    this.#socket.emit("session_request", { session_id: this.#store.sessionId });
  }

  #sessionConfirmed(sessionId) {
    if (sessionId !== this.#store.sessionId && isSessionId(sessionId)) this.#store.adopt(sessionId);
    this.#setConnection("online");
    if (this.#store.awaitingReply) {
      // Asked before a reload or a dropped connection; its answer went nowhere.
      this.#store.awaitingReply = false;
      this.#part(".status").textContent = "Your last question may not have been answered. Please ask it again.";
    }
    for (const payload of this.#store.takeQueued()) this.#emit(payload);
  }

  #setConnection(state) {
    this.#online = state === "online";
    this.#part(".panel").dataset.connection = state;
    this.#part(".send").disabled = !this.#online;
    for (const button of this.#root.querySelectorAll(".quick-replies button")) button.disabled = !this.#online;
    this.#part(".status").textContent = {
      connecting: "Connecting to the advisor…",
      online: "",
      offline: "The advisor can't be reached right now. Reconnecting… Your messages are kept.",
    }[state];
    if (!this.#online) this.#stopWaiting();
  }

  #sendTyped() {
    const textarea = this.#part("textarea");
    const text = textarea.value.trim();
    if (!text || !this.#online) return;
    textarea.value = "";
    this.#fitInput();
    this.#send(text);
  }

  #send(text, payload = text) {
    if (!text.trim()) return;
    this.#addMessage({ from: "user", text });
    this.#clearQuickReplies();
    if (this.#online) this.#emit(payload);
    else this.#store.queue(payload);
  }

  #emit(payload) {
    this.#socket.emit("user_uttered", { message: payload, session_id: this.#store.sessionId });
    this.#store.awaitingReply = true;
    this.#part(".typing").hidden = false;
    this.#part(".typing .visually-hidden").textContent = "The advisor is typing";
    clearTimeout(this.#replyTimer);
    this.#replyTimer = setTimeout(() => {
      this.#stopWaiting();
      this.#store.awaitingReply = false;
      this.#part(".status").textContent = "No answer came back. Please try asking again.";
    }, REPLY_TIMEOUT_MS);
    this.#scrollToEnd();
  }

  #stopWaiting() {
    clearTimeout(this.#replyTimer);
    this.#part(".typing").hidden = true;
    this.#part(".typing .visually-hidden").textContent = "";
  }

  #receive(message) {
    if (typeof message?.text !== "string") return; // the advisor only sends text with optional buttons
    this.#stopWaiting();
    this.#store.awaitingReply = false;
    this.#part(".status").textContent = "";
    const buttons = Array.isArray(message.quick_replies)
      ? message.quick_replies
          .filter((button) => typeof button?.title === "string" && typeof button?.payload === "string")
          .map(({ title, payload }) => ({ title, payload }))
      : [];
    this.#addMessage({ from: "bot", text: message.text, buttons });
  }

  #addMessage(message) {
    this.#store.add(message);
    const element = this.#messageElement(message);
    this.#part(".log").append(element);
    this.#showQuickReplies(message.buttons ?? []);
    if (message.from === "bot") this.#scrollToStartOf(element);
    else this.#scrollToEnd();
  }

  #renderHistory() {
    const log = this.#part(".log");
    log.replaceChildren();
    if (this.#store.messages.length === 0) {
      const greeting = this.getAttribute("greeting") || DEFAULT_GREETING;
      const buttons = this.#starterQuestions().map((question) => ({ title: question, payload: question }));
      this.#store.add({ from: "bot", text: greeting, buttons });
    }
    for (const message of this.#store.messages) log.append(this.#messageElement(message));
    this.#showQuickReplies(this.#store.messages.at(-1)?.buttons ?? []);
  }

  // `starter-questions="First?|Second?"`; an empty value shows none.
  #starterQuestions() {
    const configured = this.getAttribute("starter-questions");
    if (configured === null) return DEFAULT_STARTER_QUESTIONS;
    return configured
      .split("|")
      .map((question) => question.trim().slice(0, MAX_MESSAGE_LENGTH))
      .filter(Boolean);
  }

  #messageElement({ from, text }) {
    const item = document.createElement("div");
    item.className = `message ${from}`;
    const speaker = document.createElement("span");
    speaker.className = "visually-hidden";
    speaker.textContent = from === "user" ? "You: " : "Advisor: ";
    const body = document.createElement("div");
    body.className = "body";
    if (from === "bot") body.innerHTML = renderMarkdown(text);
    else body.textContent = text; // the user's words are never parsed as markup
    item.append(speaker, body);
    return item;
  }

  #showQuickReplies(buttons) {
    this.#clearQuickReplies();
    for (const { title, payload } of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = title;
      button.disabled = !this.#online;
      button.addEventListener("click", () => {
        this.#send(title, payload);
        this.#part("textarea").focus(); // the button is gone with the others: focus stays in the conversation
      });
      this.#part(".quick-replies").append(button);
    }
  }

  #clearQuickReplies() {
    this.#part(".quick-replies").replaceChildren();
  }

  // A long answer is read from its first line, not from its last.
  #scrollToStartOf(element) {
    const log = this.#part(".log");
    log.scrollTop += element.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
  }

  #scrollToEnd() {
    const log = this.#part(".log");
    log.scrollTop = log.scrollHeight;
  }
}

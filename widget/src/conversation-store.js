// The conversation outlives a page reload: its session id, messages, open/closed
// state and unsent questions are kept in sessionStorage, one entry per advisor
// server. Each browser tab holds its own conversation, and closing the tab ends it.
const MAX_MESSAGES = 200;
const SESSION_ID = /^[0-9a-f]{32}$/;

export function newSessionId() {
  // 128 random bits: the session id is the only key to a conversation.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function isSessionId(value) {
  return typeof value === "string" && SESSION_ID.test(value);
}

function isMessage(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    (value.from === "user" || value.from === "bot") &&
    typeof value.text === "string"
  );
}

function freshState(open = false) {
  return { sessionId: newSessionId(), messages: [], open, outbox: [], awaitingReply: false };
}

export class ConversationStore {
  constructor(serverUrl, storage = safeSessionStorage()) {
    this.key = `cso-chat:${serverUrl}`;
    this.storage = storage;
    this.state = this.#load() ?? freshState();
  }

  get sessionId() {
    return this.state.sessionId;
  }

  get messages() {
    return this.state.messages;
  }

  get isOpen() {
    return this.state.open;
  }

  set isOpen(open) {
    this.#update({ open });
  }

  /** True from sending a question until an answer arrives, across reloads. */
  get awaitingReply() {
    return this.state.awaitingReply;
  }

  set awaitingReply(awaiting) {
    this.#update({ awaitingReply: awaiting });
  }

  add(message) {
    this.state.messages.push(message);
    this.state.messages.splice(0, this.state.messages.length - MAX_MESSAGES);
    this.#save();
  }

  /** Keep a question to send once connected. */
  queue(payload) {
    this.state.outbox.push(payload);
    this.#save();
  }

  /** The queued questions, oldest first; the queue is emptied. */
  takeQueued() {
    const queued = this.state.outbox.splice(0);
    this.#save();
    return queued;
  }

  /** Take the session id the server confirmed, if it replaced ours. */
  adopt(sessionId) {
    if (isSessionId(sessionId)) this.#update({ sessionId });
  }

  reset() {
    this.state = freshState(this.state.open);
    this.#save();
  }

  #update(changes) {
    Object.assign(this.state, changes);
    this.#save();
  }

  #load() {
    try {
      const saved = JSON.parse(this.storage?.getItem(this.key) ?? "null");
      if (isSessionId(saved?.sessionId) && Array.isArray(saved.messages)) {
        return {
          sessionId: saved.sessionId,
          messages: saved.messages.filter(isMessage),
          open: saved.open === true,
          outbox: Array.isArray(saved.outbox) ? saved.outbox.filter((item) => typeof item === "string") : [],
          awaitingReply: saved.awaitingReply === true,
        };
      }
    } catch {
      // Unreadable or foreign data: start a fresh conversation.
    }
    return null;
  }

  #save() {
    try {
      this.storage?.setItem(this.key, JSON.stringify(this.state));
    } catch {
      // Storage full or blocked: the chat still works, it just won't survive a reload.
    }
  }
}

function safeSessionStorage() {
  try {
    return window.sessionStorage;
  } catch {
    return null; // blocked by the browser's privacy settings
  }
}

// The conversation outlives a page reload: its session id, messages and
// open/closed state are kept in localStorage, one entry per advisor server.
const MAX_MESSAGES = 200;

export function newSessionId() {
  // 128 random bits: the session id is the only key to a conversation.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function isMessage(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    (value.from === "user" || value.from === "bot") &&
    typeof value.text === "string"
  );
}

export class ConversationStore {
  constructor(serverUrl, storage = safeLocalStorage()) {
    this.key = `cso-chat:${serverUrl}`;
    this.storage = storage;
    this.state = this.#load() ?? { sessionId: newSessionId(), messages: [], open: false };
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
    this.state.open = open;
    this.#save();
  }

  add(message) {
    this.state.messages.push(message);
    this.state.messages.splice(0, this.state.messages.length - MAX_MESSAGES);
    this.#save();
  }

  reset() {
    this.state = { sessionId: newSessionId(), messages: [], open: this.state.open };
    this.#save();
  }

  #load() {
    try {
      const saved = JSON.parse(this.storage?.getItem(this.key) ?? "null");
      if (/^[0-9a-f]{32}$/.test(saved?.sessionId) && Array.isArray(saved.messages)) {
        return { sessionId: saved.sessionId, messages: saved.messages.filter(isMessage), open: saved.open === true };
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

function safeLocalStorage() {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked by the browser's privacy settings
  }
}

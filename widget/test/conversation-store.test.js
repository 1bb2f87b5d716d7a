// Persistence across reloads, and what happens with bad or missing storage.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ConversationStore, newSessionId } from "../src/conversation-store.js";

class MemoryStorage {
  items = new Map();
  getItem(key) {
    return this.items.get(key) ?? null;
  }
  setItem(key, value) {
    this.items.set(key, value);
  }
}

test("session ids are 128 random bits in hex, never repeated", () => {
  const ids = new Set(Array.from({ length: 1000 }, newSessionId));
  assert.equal(ids.size, 1000);
  for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/);
});

test("a reload finds the same session, messages and open state", () => {
  const storage = new MemoryStorage();
  const first = new ConversationStore("http://advisor", storage);
  first.add({ from: "user", text: "hi" });
  first.add({ from: "bot", text: "hello", buttons: [{ title: "Steps", payload: "/ask_steps" }] });
  first.isOpen = true;

  const reloaded = new ConversationStore("http://advisor", storage);
  assert.equal(reloaded.sessionId, first.sessionId);
  assert.deepEqual(reloaded.messages, first.messages);
  assert.equal(reloaded.isOpen, true);
});

test("queued questions and a pending reply survive a reload", () => {
  const storage = new MemoryStorage();
  const first = new ConversationStore("http://advisor", storage);
  first.queue("what is the CISSP?");
  first.queue("/ask_salary");
  first.awaitingReply = true;

  const reloaded = new ConversationStore("http://advisor", storage);
  assert.equal(reloaded.awaitingReply, true);
  assert.deepEqual(reloaded.takeQueued(), ["what is the CISSP?", "/ask_salary"]);
  assert.deepEqual(new ConversationStore("http://advisor", storage).takeQueued(), []);
});

test("a session id the server confirms replaces ours, anything else does not", () => {
  const store = new ConversationStore("http://advisor", new MemoryStorage());
  const ours = store.sessionId;
  store.adopt("not-an-id");
  assert.equal(store.sessionId, ours);
  store.adopt("c".repeat(32));
  assert.equal(store.sessionId, "c".repeat(32));
});

test("each advisor server keeps its own conversation", () => {
  const storage = new MemoryStorage();
  new ConversationStore("http://one", storage).add({ from: "user", text: "hi" });
  assert.deepEqual(new ConversationStore("http://two", storage).messages, []);
});

test("reset starts a new session and forgets the messages", () => {
  const storage = new MemoryStorage();
  const store = new ConversationStore("http://advisor", storage);
  store.add({ from: "user", text: "hi" });
  const oldId = store.sessionId;
  store.reset();
  assert.notEqual(store.sessionId, oldId);
  assert.deepEqual(new ConversationStore("http://advisor", storage).messages, []);
});

test("only the latest 200 messages are kept", () => {
  const store = new ConversationStore("http://advisor", new MemoryStorage());
  for (let index = 0; index < 250; index += 1) store.add({ from: "user", text: String(index) });
  assert.equal(store.messages.length, 200);
  assert.equal(store.messages[0].text, "50");
});

for (const [name, saved] of [
  ["not JSON", "{oops"],
  ["a guessable session id", JSON.stringify({ sessionId: "1", messages: [] })],
  ["messages that are not a list", JSON.stringify({ sessionId: "a".repeat(32), messages: "x" })],
]) {
  test(`saved data that is ${name} starts a fresh conversation`, () => {
    const storage = new MemoryStorage();
    storage.setItem("cso-chat:http://advisor", saved);
    const store = new ConversationStore("http://advisor", storage);
    assert.match(store.sessionId, /^[0-9a-f]{32}$/);
    assert.deepEqual(store.messages, []);
  });
}

test("malformed saved messages are dropped, good ones kept", () => {
  const storage = new MemoryStorage();
  const messages = [{ from: "user", text: "kept" }, { from: "evil", text: "x" }, { from: "bot" }, null];
  storage.setItem("cso-chat:http://advisor", JSON.stringify({ sessionId: "b".repeat(32), messages }));
  assert.deepEqual(new ConversationStore("http://advisor", storage).messages, [{ from: "user", text: "kept" }]);
});

test("storage that throws does not break the chat", () => {
  const broken = {
    getItem() {
      throw new Error("blocked");
    },
    setItem() {
      throw new Error("quota");
    },
  };
  const store = new ConversationStore("http://advisor", broken);
  store.add({ from: "user", text: "still works" });
  assert.equal(store.messages.length, 1);
});

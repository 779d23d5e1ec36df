// Issue 10: the client follows its own tabs. Tabs of one origin share the stored token; when another
// tab stores a new one (the `storage` event), this tab resumes that session instead of its old one,
// and after the server ends this tab's session it does not overwrite a token another tab moved on to.
import { test } from "node:test";
import assert from "node:assert/strict";

import { connectSession, DEFAULT_STORAGE_KEY, SESSION_ENDED } from "../src/websocket-session.js";
import { createFakeWebSocket, createSyncStorage, gotToken, getToken, tok, settle, waitFor } from "../test-helpers/support.js";

const URL_ = "ws://example.test/ws";

/** What the browser does when another tab writes localStorage: the storage changes, then the event. */
function otherTabStores(storage, events, value, key = DEFAULT_STORAGE_KEY) {
  storage.map.set(key, value);
  events.dispatchEvent(Object.assign(new Event("storage"), { key, newValue: value }));
}

async function readySession(options = {}) {
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  const storage = createSyncStorage();
  const events = new EventTarget();
  const statuses = [];
  const tokens = [];
  const session = connectSession(URL_, {
    WebSocket: FakeWebSocket,
    storage,
    storageEvents: events,
    reconnect: { initialDelayMs: 5, maxDelayMs: 20, jitter: 0 },
    onStatus: (s, info) => statuses.push([s, info]),
    onToken: (e) => tokens.push(e),
    ...options,
  });
  const ws = sockets[0];
  ws.open();
  await waitFor(() => ws.sent.length === 1, 1000, "getToken");
  ws.receive(gotToken(tok("a")));
  await session.ready;
  await settle();
  return { session, ws, storage, events, statuses, tokens, sockets };
}

test("a token another tab stores is resumed on the open connection", async () => {
  const { session, ws, storage, events, statuses, tokens } = await readySession();
  otherTabStores(storage, events, tok("b"));
  assert.deepEqual(ws.sentJson.at(-1), getToken(tok("b")));
  assert.equal(session.token, tok("b"));
  ws.receive(gotToken(tok("b")));
  await settle();
  assert.deepEqual(tokens.at(-1), { token: tok("b"), errors: "", unsolicited: false });
  assert.deepEqual(statuses.at(-1), ["ready", { token: tok("b"), errors: "" }], "the page redraws the session");
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("b"));
  session.close();
});

test("events of other keys, this tab's own token and malformed values are ignored", async () => {
  const { session, ws, storage, events } = await readySession();
  const sent = ws.sent.length;
  otherTabStores(storage, events, tok("z"), "some-other-key");
  otherTabStores(storage, events, tok("a"));
  otherTabStores(storage, events, "not a token");
  storage.map.delete(DEFAULT_STORAGE_KEY);
  events.dispatchEvent(Object.assign(new Event("storage"), { key: DEFAULT_STORAGE_KEY, newValue: null }));
  assert.equal(ws.sent.length, sent);
  assert.equal(session.token, tok("a"));
  session.close();
});

test("after the server ends the session its new token is stored when no other tab moved on", async () => {
  const { session, ws, storage, tokens } = await readySession({ endedGraceMs: 20 });
  ws.receive(gotToken(tok("n"), SESSION_ENDED));
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("a"), "not before the grace");
  await waitFor(() => storage.map.get(DEFAULT_STORAGE_KEY) === tok("n"), 1000, "stored");
  assert.equal(session.token, tok("n"));
  assert.deepEqual(tokens.at(-1), { token: tok("n"), errors: SESSION_ENDED, unsolicited: true });
  session.close();
});

test("a login in another tab ends this tab's session and this tab follows it, never overwriting it", async () => {
  // the other tab rotated the token (a login): the server ends this tab's session with a new empty one
  const { session, ws, storage, events } = await readySession({ endedGraceMs: 50 });
  ws.receive(gotToken(tok("e"), SESSION_ENDED));
  otherTabStores(storage, events, tok("r"));
  assert.deepEqual(ws.sentJson.at(-1), getToken(tok("r")));
  ws.receive(gotToken(tok("r")));
  await new Promise((r) => setTimeout(r, 120)); // past the grace
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("r"));
  assert.equal(session.token, tok("r"));
  session.close();
});

test("when the other tab's event was missed, the grace still finds its token in storage", async () => {
  const { session, ws, storage } = await readySession({ endedGraceMs: 20 });
  ws.receive(gotToken(tok("e"), SESSION_ENDED));
  storage.map.set(DEFAULT_STORAGE_KEY, tok("r")); // written by another tab; no event reached this one
  await waitFor(() => ws.sentJson.some((f) => f.data && f.data.token === tok("r")), 1000, "follows");
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("r"));
  session.close();
});

test("a reconnect during the grace resumes the server's new session, not the ended one", async () => {
  const { session, ws, sockets } = await readySession({ endedGraceMs: 200 });
  ws.receive(gotToken(tok("n"), SESSION_ENDED));
  ws.drop();
  await waitFor(() => sockets.length === 2, 1000, "reconnect");
  sockets[1].open();
  await waitFor(() => sockets[1].sent.length === 1, 1000, "getToken");
  assert.deepEqual(sockets[1].sentJson, [getToken(tok("n"))]);
  session.close();
});

test("close stops following the other tabs", async () => {
  const { session, ws, storage, events } = await readySession();
  session.close();
  otherTabStores(storage, events, tok("b"));
  assert.ok(!ws.sentJson.some((f) => f.data && f.data.token === tok("b")));
});

import { test } from "node:test";
import assert from "node:assert/strict";

import {
  connectSession,
  createMemoryStorage,
  DEFAULT_STORAGE_KEY,
} from "../src/websocket-session.js";
import {
  createFakeWebSocket,
  createAsyncStorage,
  createSyncStorage,
  gotToken,
  getToken,
  tok,
  settle,
  sleep,
  waitFor,
} from "../test-helpers/support.js";

async function handshake(ws, token, errors = "") {
  ws.open();
  await waitFor(() => ws.sent.length >= 1, 1000, "getToken");
  const req = JSON.parse(ws.sent[0]);
  ws.receive(gotToken(token, errors));
  return req;
}

test("async (Promise-based) storage: read, write, rotate, reconnect", async () => {
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  const storage = createAsyncStorage({ [DEFAULT_STORAGE_KEY]: tok("o") }, 10);
  const session = connectSession("ws://x", {
    WebSocket: FakeWebSocket,
    storage,
    reconnect: { initialDelayMs: 1, jitter: 0 },
  });
  // socket opens before the slow storage answered: getToken waits for the token
  sockets[0].open();
  assert.equal(sockets[0].sent.length, 0);
  await waitFor(() => sockets[0].sent.length === 1, 1000, "getToken after async read");
  assert.deepEqual(sockets[0].sentJson, [getToken(tok("o"))]);
  sockets[0].open(); // a duplicate open event must not send a second getToken
  await sleep(25);
  assert.equal(sockets[0].sent.length, 1);
  sockets[0].receive(gotToken(tok("n"), "Session Not Found"));
  assert.deepEqual(await session.ready, { token: tok("n"), errors: "Session Not Found" });
  await waitFor(() => storage.map.get(DEFAULT_STORAGE_KEY) === tok("n"), 1000, "async write");

  // rotation immediately followed by a drop: the reconnect must read the new token
  sockets[0].receive(gotToken(tok("r")));
  sockets[0].drop();
  await waitFor(() => sockets.length === 2);
  const req2 = await handshake(sockets[1], tok("r"));
  assert.deepEqual(req2, getToken(tok("r")));
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("r"));
  session.close();
});

test("async storage store failure keeps the old token", async () => {
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  const storage = createAsyncStorage({ [DEFAULT_STORAGE_KEY]: tok("o") }, 3);
  const session = connectSession("ws://x", { WebSocket: FakeWebSocket, storage, sessionRetryMs: 5 });
  await handshake(sockets[0], "", "Database unavailable");
  await waitFor(() => sockets[0].sent.length === 2, 1000, "getToken again, after the async read");
  assert.deepEqual(sockets[0].sentJson[1], getToken(tok("o")));
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("o"));
  sockets[0].receive(gotToken(tok("o")));
  assert.deepEqual(await session.ready, { token: tok("o"), errors: "" });
  session.close();
});

test("storage that throws falls back to the in-memory copy", async (t) => {
  const errors = t.mock.method(console, "error", () => {});
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  let broken = false;
  const inner = createSyncStorage({ [DEFAULT_STORAGE_KEY]: tok("o") });
  const storage = {
    getItem: (k) => inner.getItem(k),
    setItem: (k, v) => {
      if (broken) throw new Error("QuotaExceededError");
      inner.setItem(k, v);
    },
    removeItem: (k) => inner.removeItem(k),
  };
  const session = connectSession("ws://x", {
    WebSocket: FakeWebSocket,
    storage,
    reconnect: { initialDelayMs: 1, jitter: 0 },
  });
  await handshake(sockets[0], tok("a"));
  await session.ready;
  broken = true;
  sockets[0].receive(gotToken(tok("b"))); // write fails, storage keeps "a"
  await settle();
  assert.equal(inner.map.get(DEFAULT_STORAGE_KEY), tok("a"));
  assert.equal(session.token, tok("b"));
  sockets[0].drop();
  await waitFor(() => sockets.length === 2);
  const req = await handshake(sockets[1], tok("b"));
  assert.deepEqual(req, getToken(tok("b")), "memory copy wins over stale storage");
  assert.ok(errors.mock.callCount() >= 1);
  session.close();
});

test("a rejecting getItem still connects (with the memory token)", async (t) => {
  t.mock.method(console, "error", () => {});
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  const storage = {
    getItem: () => Promise.reject(new Error("keychain locked")),
    setItem: () => Promise.resolve(),
    removeItem: () => Promise.resolve(),
  };
  const session = connectSession("ws://x", { WebSocket: FakeWebSocket, storage });
  const req = await handshake(sockets[0], tok("a"));
  assert.deepEqual(req, getToken(""));
  assert.deepEqual(await session.ready, { token: tok("a"), errors: "" });
  session.close();
});

test("clearToken() removes the token; the next connection starts fresh", async () => {
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  const storage = createSyncStorage({ [DEFAULT_STORAGE_KEY]: tok("o") });
  const session = connectSession("ws://x", {
    WebSocket: FakeWebSocket,
    storage,
    reconnect: { initialDelayMs: 1, jitter: 0 },
  });
  await handshake(sockets[0], tok("o"));
  await session.ready;
  await session.clearToken();
  assert.equal(storage.map.has(DEFAULT_STORAGE_KEY), false);
  assert.equal(session.token, "");
  sockets[0].drop();
  await waitFor(() => sockets.length === 2);
  const req = await handshake(sockets[1], tok("f"));
  assert.deepEqual(req, getToken(""));
  session.close();
});

test("clearToken() while the stored token is still being read wins", async () => {
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  const storage = createAsyncStorage({ [DEFAULT_STORAGE_KEY]: tok("o") }, 10);
  const session = connectSession("ws://x", { WebSocket: FakeWebSocket, storage });
  const cleared = session.clearToken(); // the initial read is still pending
  sockets[0].open();
  await cleared;
  assert.equal(session.token, "");
  assert.equal(storage.map.has(DEFAULT_STORAGE_KEY), false);
  await waitFor(() => sockets[0].sent.length === 1);
  assert.deepEqual(sockets[0].sentJson, [getToken("")]);
  session.close();
});

test("default storage: globalThis.localStorage when present, else in-memory", async () => {
  const { FakeWebSocket, sockets } = createFakeWebSocket();

  // no localStorage (node): falls back to memory and still works across reconnects
  assert.equal(globalThis.localStorage, undefined);
  const s1 = connectSession("ws://x", {
    WebSocket: FakeWebSocket,
    reconnect: { initialDelayMs: 1, jitter: 0 },
  });
  await handshake(sockets[0], tok("m"));
  await s1.ready;
  sockets[0].drop();
  await waitFor(() => sockets.length === 2);
  assert.deepEqual(await handshake(sockets[1], tok("m")), getToken(tok("m")));
  s1.close();

  // with a localStorage
  const ls = createSyncStorage({ [DEFAULT_STORAGE_KEY]: tok("l") });
  globalThis.localStorage = ls;
  try {
    const s2 = connectSession("ws://x", { WebSocket: FakeWebSocket });
    assert.deepEqual(await handshake(sockets[2], tok("z")), getToken(tok("l")));
    await s2.ready;
    assert.equal(ls.map.get(DEFAULT_STORAGE_KEY), tok("z"));
    s2.close();
  } finally {
    delete globalThis.localStorage;
  }
});

test("createMemoryStorage", () => {
  const m = createMemoryStorage();
  assert.equal(m.getItem("k"), null);
  m.setItem("k", "v");
  assert.equal(m.getItem("k"), "v");
  m.removeItem("k");
  assert.equal(m.getItem("k"), null);
});

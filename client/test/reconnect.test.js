import { test } from "node:test";
import assert from "node:assert/strict";

import { connectSession, DEFAULT_STORAGE_KEY, DEFAULT_RECONNECT } from "../src/websocket-session.js";
import {
  createFakeWebSocket,
  createSyncStorage,
  gotToken,
  getToken,
  tok,
  sleep,
  settle,
  waitFor,
} from "../test-helpers/support.js";

function setup(options = {}, initial = {}) {
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  const storage = createSyncStorage(initial);
  const statuses = [];
  const session = connectSession("ws://example.test/ws", {
    WebSocket: FakeWebSocket,
    storage,
    onStatus: (s, info) => statuses.push([s, info]),
    ...options,
  });
  return { session, sockets, storage, statuses };
}

async function handshake(ws, token, errors = "") {
  ws.open();
  await waitFor(() => ws.sent.length >= 1, 1000, "getToken");
  const req = JSON.parse(ws.sent[0]);
  ws.receive(gotToken(token, errors));
  return req;
}

const delaysOf = (statuses) =>
  statuses.filter(([s]) => s === "reconnecting").map(([, info]) => info.delayMs);

test("reconnect with exponential backoff resends getToken with the stored token", async () => {
  const { session, sockets, statuses } = setup({
    reconnect: { initialDelayMs: 10, factor: 2, maxDelayMs: 35, jitter: 0, resetAfterMs: 40 },
  });
  await handshake(sockets[0], tok("a"));
  const firstReady = session.ready;
  assert.deepEqual(await firstReady, { token: tok("a"), errors: "" });

  // connection drops after the session was ready
  sockets[0].drop(1006);
  assert.equal(session.status, "reconnecting");
  assert.equal(session.isReady, false);
  const secondReady = session.ready;
  assert.notEqual(secondReady, firstReady, "a fresh ready promise per reconnect");
  assert.equal(session.whenReady(), secondReady);

  // frames sent while disconnected are queued for the next session
  session.send("while-offline");

  // the next attempts fail (server down): 10, 20, 35 (capped), 35
  for (let i = 1; i <= 3; i++) {
    await waitFor(() => sockets.length === i + 1, 1000, `attempt ${i}`);
    sockets[i].drop(1006);
  }
  await waitFor(() => sockets.length === 5, 1000, "attempt 4");
  assert.deepEqual(delaysOf(statuses), [10, 20, 35, 35]);
  assert.deepEqual(
    statuses.filter(([s]) => s === "reconnecting").map(([, i]) => i.attempt),
    [1, 2, 3, 4],
  );
  assert.equal(statuses.filter(([s]) => s === "reconnecting")[0][1].code, 1006);

  // the server is back: the stored token is sent so the session resumes
  const req = await handshake(sockets[4], tok("a"));
  assert.deepEqual(req, getToken(tok("a")));
  assert.deepEqual(await secondReady, { token: tok("a"), errors: "" });
  assert.deepEqual(sockets[4].sent.slice(1), ["while-offline"]);

  // a connection that drops soon after its session was ready does not reset the backoff (a server
  // that accepts and then fails would otherwise be hammered every initialDelayMs)
  sockets[4].drop();
  await waitFor(() => sockets.length === 6, 1000, "attempt after a short session");
  assert.deepEqual(delaysOf(statuses), [10, 20, 35, 35, 35]);

  // one that stayed up for resetAfterMs does
  await handshake(sockets[5], tok("a"));
  await session.ready;
  await sleep(80);
  sockets[5].drop();
  await waitFor(() => sockets.length === 7, 1000, "attempt after a long session");
  assert.deepEqual(delaysOf(statuses).slice(5), [10]);
  session.close();
});

test("status sequence over a reconnect", async () => {
  const { session, sockets, statuses } = setup({
    reconnect: { initialDelayMs: 5, jitter: 0 },
  });
  await handshake(sockets[0], tok("a"));
  await session.ready;
  sockets[0].drop();
  await waitFor(() => sockets.length === 2);
  await handshake(sockets[1], tok("a"));
  await session.ready;
  assert.deepEqual(
    statuses.map(([s]) => s),
    ["connecting", "open", "ready", "reconnecting", "connecting", "open", "ready"],
  );
  session.close();
  assert.equal(statuses.at(-1)[0], "closed");
});

test("a rotated token is the one resent after reconnect", async () => {
  const { session, sockets, storage } = setup({ reconnect: { initialDelayMs: 5, jitter: 0 } });
  await handshake(sockets[0], tok("a"));
  await session.ready;
  sockets[0].receive(gotToken(tok("r")));
  sockets[0].drop();
  await waitFor(() => sockets.length === 2);
  const req = await handshake(sockets[1], tok("r"));
  assert.deepEqual(req, getToken(tok("r")));
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("r"));
  session.close();
});

test("a drop before ready keeps the same pending ready promise", async () => {
  const { session, sockets } = setup({ reconnect: { initialDelayMs: 5, jitter: 0 } });
  const ready = session.ready;
  sockets[0].open();
  await waitFor(() => sockets[0].sent.length === 1);
  sockets[0].drop();
  assert.equal(session.ready, ready);
  await waitFor(() => sockets.length === 2);
  await handshake(sockets[1], tok("a"));
  assert.deepEqual(await ready, { token: tok("a"), errors: "" });
  session.close();
});

test("close() stops reconnects", async () => {
  const { session, sockets, statuses } = setup({
    reconnect: { initialDelayMs: 20, jitter: 0 },
  });
  await handshake(sockets[0], tok("a"));
  await session.ready;
  sockets[0].drop();
  assert.equal(session.status, "reconnecting");
  const pending = session.ready;
  session.close();
  await sleep(60);
  assert.equal(sockets.length, 1, "no reconnect after close()");
  assert.equal(session.status, "closed");
  assert.equal(statuses.at(-1)[0], "closed");
  await assert.rejects(pending, /closed/);
  assert.throws(() => session.send("x"), /closed/);
  assert.doesNotThrow(() => session.close(), "close() is idempotent");
});

test("close() on an open session closes the socket and never reconnects", async () => {
  const { session, sockets } = setup({ reconnect: { initialDelayMs: 1, jitter: 0 } });
  await handshake(sockets[0], tok("a"));
  await session.ready;
  session.close();
  assert.deepEqual(sockets[0].closeCalls, [{ code: 1000, reason: "" }]);
  await sleep(20);
  assert.equal(sockets.length, 1);
  assert.equal(session.isReady, false);
});

test("close() before ready rejects ready; the queue is dropped", async () => {
  const { session, sockets } = setup();
  session.send("queued");
  sockets[0].open();
  await settle();
  session.close(4001, "bye");
  await assert.rejects(session.ready, /closed before it was ready/);
  assert.deepEqual(sockets[0].closeCalls, [{ code: 4001, reason: "bye" }]);
  assert.deepEqual(sockets[0].sentJson, [getToken("")]);
});

test("reconnect: false closes on the first drop", async () => {
  const { session, sockets, statuses } = setup({ reconnect: false });
  const ready = session.ready;
  sockets[0].drop(1011, "server error");
  await assert.rejects(ready, /connection lost/);
  await sleep(10);
  assert.equal(sockets.length, 1);
  assert.equal(session.status, "closed");
  assert.deepEqual(statuses.at(-1), ["closed", { code: 1011, reason: "server error" }]);
});

test("maxAttempts gives up after that many consecutive failures", async () => {
  const { session, sockets } = setup({
    reconnect: { initialDelayMs: 1, jitter: 0, maxAttempts: 2 },
  });
  sockets[0].drop();
  await waitFor(() => sockets.length === 2);
  sockets[1].drop();
  await waitFor(() => sockets.length === 3);
  sockets[2].drop();
  await assert.rejects(session.ready, /connection lost/);
  assert.equal(session.status, "closed");
});

test("no gotToken within readyTimeoutMs drops the socket and reconnects", async () => {
  const { session, sockets } = setup({
    readyTimeoutMs: 15,
    reconnect: { initialDelayMs: 1, jitter: 0 },
  });
  sockets[0].open();
  await waitFor(() => sockets.length === 2, 1000, "reconnect after timeout");
  assert.deepEqual(sockets[0].closeCalls, [{ code: 4000, reason: "getToken timeout" }]);
  await handshake(sockets[1], tok("a"));
  await session.ready;
  await sleep(30);
  assert.equal(sockets.length, 2, "timer cleared once ready");
  session.close();
});

test("jitter takes up to that fraction off the delay and the defaults are as documented", async () => {
  assert.deepEqual({ ...DEFAULT_RECONNECT }, {
    initialDelayMs: 500,
    maxDelayMs: 15000,
    factor: 2,
    jitter: 1,
    maxAttempts: Infinity,
    resetAfterMs: 10000,
  });
  const { session, sockets, statuses } = setup({
    reconnect: { initialDelayMs: 10, jitter: 0.5, maxDelayMs: 1000 },
  });
  for (let i = 0; i < 4; i++) {
    sockets[i].drop();
    await waitFor(() => sockets.length === i + 2);
  }
  const delays = delaysOf(statuses);
  const bases = [10, 20, 40, 80];
  delays.forEach((d, i) => {
    assert.ok(d >= bases[i] * 0.5 - 1 && d <= bases[i] + 1, `delay ${d} for base ${bases[i]}`);
  });
  session.close();
});

test("the default is full jitter: delays spread over the whole backoff, from 0 to the delay", async () => {
  const { session, sockets, statuses } = setup({
    reconnect: { initialDelayMs: 1000, factor: 1, maxDelayMs: 1000 },
  });
  // drops before open: each is a failed attempt; the timers are not awaited, only the chosen delays
  const delays = [];
  for (let i = 0; i < 200; i++) {
    session._attempt = 0;
    delays.push(session._nextDelay());
  }
  assert.ok(delays.every((d) => d >= 0 && d <= 1000), "within [0, backoff]");
  assert.ok(delays.some((d) => d < 250), "some near 0: " + Math.min(...delays));
  assert.ok(delays.some((d) => d > 750), "some near the backoff: " + Math.max(...delays));
  assert.equal(sockets.length, 1);
  assert.deepEqual(delaysOf(statuses), []);
  session.close();
});

test("no reconnect after the server closes with 1008 or 4000-4999: closed with the reason", async () => {
  for (const code of [1008, 4000, 4403, 4999]) {
    const { session, sockets, statuses } = setup({ reconnect: { initialDelayMs: 1, jitter: 0 } });
    await handshake(sockets[0], tok("a"));
    await session.ready;
    sockets[0].drop(code, "go away");
    await sleep(20);
    assert.equal(sockets.length, 1, `no reconnect after ${code}`);
    assert.equal(session.status, "closed");
    assert.deepEqual(statuses.at(-1), ["closed", { code, reason: "go away" }]);
    await assert.rejects(session.ready, /connection lost/);
  }
  // other codes reconnect, as before
  const { session, sockets } = setup({ reconnect: { initialDelayMs: 1, jitter: 0 } });
  sockets[0].drop(1011, "server error");
  await waitFor(() => sockets.length === 2, 1000, "reconnect after 1011");
  sockets[1].drop(3999, "");
  await waitFor(() => sockets.length === 3, 1000, "reconnect after 3999");
  session.close();
});

test("a WebSocket constructor failure during reconnect counts as a failed attempt", async (t) => {
  t.mock.method(console, "error", () => {});
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  let fail = 0;
  class Flaky extends FakeWebSocket {
    constructor(url, p) {
      if (fail > 0) {
        fail--;
        throw new Error("offline");
      }
      super(url, p);
    }
  }
  const statuses = [];
  const session = connectSession("ws://x", {
    WebSocket: Flaky,
    storage: createSyncStorage(),
    reconnect: { initialDelayMs: 2, jitter: 0 },
    onStatus: (s, i) => statuses.push([s, i]),
  });
  fail = 2;
  sockets[0].drop();
  await waitFor(() => sockets.length === 2, 1000, "recovered socket");
  assert.deepEqual(delaysOf(statuses), [2, 4, 8]);
  await handshake(sockets[1], tok("a"));
  await session.ready;
  session.close();
});

import { test } from "node:test";
import assert from "node:assert/strict";

import {
  connectSession,
  WebSocketSession,
  DEFAULT_STORAGE_KEY,
} from "../src/websocket-session.js";
import {
  createFakeWebSocket,
  createSyncStorage,
  gotToken,
  getToken,
  tok,
  settle,
  sleep,
  waitFor,
} from "../test-helpers/support.js";

const URL_ = "ws://example.test/ws";

function setup(opts = {}) {
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  const storage = opts.storage || createSyncStorage(opts.initial);
  const statuses = [];
  const session = connectSession(URL_, {
    WebSocket: FakeWebSocket,
    storage,
    reconnect: { initialDelayMs: 5, maxDelayMs: 20, jitter: 0 },
    onStatus: (s) => statuses.push(s),
    ...opts.options,
  });
  return { session, sockets, storage, statuses, FakeWebSocket };
}

test("first connect sends getToken with empty token and stores the token", async () => {
  const { session, sockets, storage, statuses } = setup();
  assert.equal(sockets.length, 1);
  assert.equal(sockets[0].url, URL_);
  const ws = sockets[0];
  ws.open();
  await waitFor(() => ws.sent.length === 1, 1000, "getToken");
  assert.deepEqual(ws.sentJson, [getToken("")]);

  const tokens = [];
  session.onToken((e) => tokens.push(e));
  ws.receive(gotToken(tok("a")));

  const ready = await session.ready;
  assert.deepEqual(ready, { token: tok("a"), errors: "" });
  await settle();
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("a"));
  assert.equal(session.token, tok("a"));
  assert.equal(session.status, "ready");
  assert.equal(session.isReady, true);
  assert.deepEqual(tokens, [{ token: tok("a"), errors: "", unsolicited: false }]);
  assert.deepEqual(statuses, ["connecting", "open", "ready"]);
  session.close();
});

test("the stored token is sent on connect and a replacement session is reported", async () => {
  const { session, sockets, storage } = setup({
    initial: { [DEFAULT_STORAGE_KEY]: tok("o") },
  });
  const ws = sockets[0];
  ws.open();
  await waitFor(() => ws.sent.length === 1);
  assert.deepEqual(ws.sentJson, [getToken(tok("o"))]);

  ws.receive(gotToken(tok("n"), "Session Expired"));
  assert.deepEqual(await session.ready, { token: tok("n"), errors: "Session Expired" });
  await settle();
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("n"));
  session.close();
});

test("a custom storageKey is used", async () => {
  const { session, sockets, storage } = setup({
    initial: { myKey: tok("k") },
    options: { storageKey: "myKey" },
  });
  sockets[0].open();
  await waitFor(() => sockets[0].sent.length === 1);
  assert.deepEqual(sockets[0].sentJson, [getToken(tok("k"))]);
  sockets[0].receive(gotToken(tok("m")));
  await session.ready;
  await settle();
  assert.equal(storage.map.get("myKey"), tok("m"));
  assert.equal(storage.map.has(DEFAULT_STORAGE_KEY), false);
  session.close();
});

test("store failure (token \"\"): not ready, the old token kept and asked for again until a session", async () => {
  const { session, sockets, storage, statuses } = setup({
    initial: { [DEFAULT_STORAGE_KEY]: tok("o") },
    options: { sessionRetryMs: 10 },
  });
  const tokens = [];
  session.onToken((e) => tokens.push(e));
  let resolved = false;
  session.ready.then(() => (resolved = true));
  session.send("queued");
  sockets[0].open();
  await waitFor(() => sockets[0].sent.length === 1);
  sockets[0].receive(gotToken("", "Session store unavailable, try again later"));
  await settle();

  assert.equal(session.isReady, false);
  assert.equal(resolved, false, "ready waits for a session");
  assert.equal(session.status, "open");
  assert.deepEqual(sockets[0].sentJson, [getToken(tok("o"))], "nothing flushed into a connection without a session");
  assert.deepEqual(tokens, [
    { token: "", errors: "Session store unavailable, try again later", unsolicited: false },
  ]);

  // asked again on the same connection, with the stored token, after a delay that grows
  await waitFor(() => sockets[0].sent.length === 2, 1000, "second getToken");
  sockets[0].receive(gotToken("", "Session store unavailable, try again later"));
  await waitFor(() => sockets[0].sent.length === 3, 1000, "third getToken");
  assert.deepEqual(sockets[0].sentJson, [getToken(tok("o")), getToken(tok("o")), getToken(tok("o"))]);
  const waits = statuses.filter((s) => s === "open").length;
  assert.equal(waits, 3, "open, then open again per answer without a session");

  sockets[0].receive(gotToken(tok("o")));
  assert.deepEqual(await session.ready, { token: tok("o"), errors: "" });
  assert.deepEqual(sockets[0].sent.slice(3), ["queued"]);
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("o"));
  assert.equal(
    storage.calls.filter((c) => c[0] === "setItem" && c[2] === "").length,
    0,
    "never writes an empty token",
  );
  assert.equal(sockets.length, 1, "the same connection");
  session.close();
});

test("the retries after answers without a session double from sessionRetryMs and never go below it", async () => {
  const { session, sockets } = setup({ options: { sessionRetryMs: 2000, reconnect: { maxDelayMs: 15000 } } });
  const details = [];
  session.onStatus((s, info) => s === "open" && info.delayMs !== undefined && details.push(info));
  sockets[0].open();
  await waitFor(() => sockets[0].sent.length === 1);
  for (let i = 0; i < 5; i++) {
    sockets[0].receive(gotToken("", "Session store unavailable, try again later"));
    // skip the wait: ask again now, as the timer would
    session._sessionTimer && clearTimeout(session._sessionTimer);
    session._sessionTimer = null;
  }
  const tops = [2000, 4000, 8000, 15000, 15000];
  details.forEach((info, i) => {
    assert.equal(info.attempt, i + 1);
    assert.ok(info.delayMs >= 2000 && info.delayMs <= tops[i], `delay ${info.delayMs} of answer ${i + 1}`);
  });
  assert.equal(details.length, 5);
  session.close();
});

test("a session that ends while the store is down: not ready, asks again with the stored token", async () => {
  const { session, sockets } = setup({
    initial: { [DEFAULT_STORAGE_KEY]: tok("o") },
    options: { sessionRetryMs: 5 },
  });
  sockets[0].open();
  await waitFor(() => sockets[0].sent.length === 1);
  sockets[0].receive(gotToken(tok("o")));
  const first = await session.ready;
  assert.equal(first.token, tok("o"));

  sockets[0].receive(gotToken("", "Session store unavailable, try again later"));
  assert.equal(session.isReady, false);
  assert.notEqual(session.ready, Promise.resolve(first));
  session.send("later");
  assert.deepEqual(sockets[0].sent.length, 1, "queued, not sent without a session");
  await waitFor(() => sockets[0].sent.length === 2, 1000, "getToken again");
  assert.deepEqual(sockets[0].sentJson[1], getToken(tok("o")));
  sockets[0].receive(gotToken(tok("n"), "Session Not Found"));
  assert.deepEqual(await session.ready, { token: tok("n"), errors: "Session Not Found" });
  assert.deepEqual(sockets[0].sent.slice(2), ["later"]);
  session.close();
});

test("an unsolicited gotToken whose token the server cannot have made is ignored", async () => {
  const { session, sockets, storage } = setup();
  sockets[0].open();
  await waitFor(() => sockets[0].sent.length === 1);
  sockets[0].receive(gotToken(tok("a")));
  await session.ready;
  const tokens = [];
  const messages = [];
  session.onToken((e) => tokens.push(e));
  session.onMessage((m) => messages.push(m));
  for (const bad of ["short", tok("a") + "x", "a".repeat(31) + "!", "a".repeat(31) + "=", "../" + "a".repeat(29)]) {
    sockets[0].receive(gotToken(bad, "Session Ended"));
    sockets[0].receive(gotToken(bad));
  }
  await sleep(20);
  assert.deepEqual(tokens, []);
  assert.deepEqual(messages, []);
  assert.equal(session.token, tok("a"));
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("a"));
  assert.equal(session.isReady, true);
  session.close();
});

test("unsolicited gotToken updates storage and calls onToken, not onMessage", async () => {
  const { session, sockets, storage } = setup({ options: { sessionRetryMs: 5 } });
  const tokens = [];
  const messages = [];
  session.onToken((e) => tokens.push(e));
  session.onMessage((m) => messages.push(m));
  sockets[0].open();
  await waitFor(() => sockets[0].sent.length === 1);
  sockets[0].receive(gotToken(tok("a")));
  const firstReadyPromise = session.ready;
  const firstReady = await session.ready;

  sockets[0].receive(gotToken(tok("b")));
  await settle();
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("b"));
  assert.equal(session.token, tok("b"));
  assert.deepEqual(tokens[1], { token: tok("b"), errors: "", unsolicited: true });

  // ended with a replacement and an explanation: stored after the grace for other tabs
  sockets[0].receive(gotToken(tok("c"), "Session Expired"));
  assert.equal(session.token, tok("c"));
  await waitFor(() => storage.map.get(DEFAULT_STORAGE_KEY) === tok("c"), 2000, "stored after the grace");
  assert.deepEqual(tokens[2], { token: tok("c"), errors: "Session Expired", unsolicited: true });

  assert.deepEqual(await session.ready, firstReady, "ready of this connection unchanged");
  assert.equal(sockets[0].sent.length, 1, "client does not answer rotations");

  // an unsolicited store failure (the session ended and the server could not make a new one) does
  // not wipe the stored token; the connection has no session until it asks again
  sockets[0].receive(gotToken("", "store down"));
  await settle();
  assert.equal(storage.map.get(DEFAULT_STORAGE_KEY), tok("c"));
  assert.deepEqual(tokens[3], { token: "", errors: "store down", unsolicited: true });
  assert.equal(session.isReady, false);
  assert.equal(session.ready === session.whenReady(), true);
  assert.notEqual(session.ready, firstReadyPromise);
  await waitFor(() => sockets[0].sent.length === 2, 1000, "getToken again");
  assert.deepEqual(sockets[0].sentJson[1], getToken(tok("c")));

  assert.equal(tokens.length, 4);
  assert.deepEqual(messages, []);
  session.close();
});

test("other frames go to onMessage untouched and are not swallowed", async () => {
  const { session, sockets } = setup();
  const a = [];
  const b = [];
  session.onMessage((m) => a.push(m));
  const offB = session.onMessage((m) => b.push(m));
  sockets[0].open();
  await waitFor(() => sockets[0].sent.length === 1);

  // application frames may arrive even before the session is ready
  sockets[0].receive('{"event":"hello","data":1}');
  sockets[0].receive(gotToken(tok("a")));
  await session.ready;

  const frames = [
    '{"event":"chat","data":{"text":"hi"}}',
    '{"event":"getToken","data":{"token":"x"}}',
    '{"event":"chat","data":{"text":"talking about gotToken"}}',
    '{"event":"gotToken"}', // malformed protocol frame: not ours
    '{"event":"gotToken","data":{"token":42}}',
    '["gotToken"]',
    "plain text",
  ];
  for (const f of frames) sockets[0].receive(f);
  offB();
  sockets[0].receive('{"event":"after-unsubscribe"}');

  assert.deepEqual(a, ['{"event":"hello","data":1}', ...frames, '{"event":"after-unsubscribe"}']);
  assert.deepEqual(b, ['{"event":"hello","data":1}', ...frames]);
  assert.equal(session.token, tok("a"));
  session.close();
});

test("frames sent before ready are queued and flushed in order after ready", async () => {
  const { session, sockets } = setup();
  session.send("one"); // before the socket is even open
  const ws = sockets[0];
  ws.open();
  session.send("two"); // open, but no session yet
  await waitFor(() => ws.sent.length === 1);
  session.send("three");
  assert.deepEqual(ws.sentJson, [getToken("")], "only getToken goes out before ready");

  let sentAtTokenTime = null;
  session.onToken(() => {
    sentAtTokenTime = ws.sent.length;
    session.send("from-onToken");
  });
  ws.receive(gotToken(tok("a")));
  assert.equal(sentAtTokenTime, 1);
  assert.deepEqual(ws.sent.slice(1), ["one", "two", "three", "from-onToken"]);
  await session.ready;
  session.send("four"); // ready: sent immediately
  assert.deepEqual(ws.sent.slice(1), ["one", "two", "three", "from-onToken", "four"]);
  session.close();
});

test("malformed or binary server frames go to onMessage and do not throw", async () => {
  const { session, sockets } = setup();
  const messages = [];
  session.onMessage((m) => messages.push(m));
  const ws = sockets[0];
  ws.open();
  await waitFor(() => ws.sent.length === 1);

  const bin = new Uint8Array([1, 2, 3]).buffer;
  const bad = ["not json", "{", "", "{gotToken", "null", '"gotToken"', "gotToken"];
  for (const f of bad) assert.doesNotThrow(() => ws.receive(f));
  assert.doesNotThrow(() => ws.onmessage({ data: bin }));
  assert.doesNotThrow(() => ws.onmessage({}));
  assert.doesNotThrow(() => ws.onmessage(undefined));
  assert.deepEqual(messages.slice(0, bad.length), bad);
  assert.equal(messages[bad.length], bin);
  assert.equal(messages.length, bad.length + 3);

  // the session still works afterwards
  ws.receive(gotToken(tok("a")));
  assert.deepEqual(await session.ready, { token: tok("a"), errors: "" });
  session.close();
});

test("a throwing listener does not break the session", async (t) => {
  const errors = t.mock.method(console, "error", () => {});
  const { session, sockets } = setup();
  const seen = [];
  session.onMessage(() => {
    throw new Error("app bug");
  });
  session.onMessage((m) => seen.push(m));
  session.onToken(() => {
    throw new Error("app bug 2");
  });
  sockets[0].open();
  await waitFor(() => sockets[0].sent.length === 1);
  sockets[0].receive(gotToken(tok("a")));
  await session.ready;
  sockets[0].receive("x");
  assert.deepEqual(seen, ["x"]);
  assert.equal(errors.mock.callCount(), 2);
  session.close();
});

test("binaryType is set to arraybuffer and protocols are passed through", () => {
  const { session, sockets } = setup({ options: { protocols: ["v1"] } });
  assert.equal(sockets[0].binaryType, "arraybuffer");
  assert.deepEqual(sockets[0].protocols, ["v1"]);
  session.close();
});

test("url may be a URL object; constructor validates its arguments", () => {
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  const s = new WebSocketSession(new URL("wss://example.test/a"), {
    WebSocket: FakeWebSocket,
    storage: createSyncStorage(),
  });
  assert.equal(sockets[0].url, "wss://example.test/a");
  s.close();

  assert.throws(() => connectSession("ws://x", { storage: createSyncStorage() }), TypeError);
  assert.throws(() => connectSession(undefined, { WebSocket: FakeWebSocket }), TypeError);
  assert.throws(
    () =>
      connectSession("ws://x", {
        WebSocket: class {
          constructor() {
            throw new SyntaxError("bad url");
          }
        },
      }),
    SyntaxError,
  );
});

test("unsubscribe functions and onStatus info", async () => {
  const { session, sockets } = setup();
  const infos = [];
  const off = session.onStatus((s, info) => infos.push([s, info]));
  sockets[0].open();
  await waitFor(() => sockets[0].sent.length === 1);
  sockets[0].receive(gotToken(tok("a"), ""));
  await session.ready;
  assert.deepEqual(infos, [
    ["open", {}],
    ["ready", { token: tok("a"), errors: "" }],
  ]);
  off();
  session.close();
  assert.equal(infos.length, 2);
  assert.throws(() => session.onMessage("nope"), TypeError);
});

import { test } from "node:test";
import assert from "node:assert/strict";

import { connectSession, DEFAULT_TOKEN_HEADER } from "../src/websocket-session.js";
import { createFakeWebSocket, createSyncStorage, gotToken, tok, waitFor } from "../test-helpers/support.js";

function setup(options = {}) {
  const { FakeWebSocket, sockets } = createFakeWebSocket();
  const session = connectSession("ws://example.test/ws", {
    WebSocket: FakeWebSocket,
    storage: createSyncStorage(),
    reconnect: false,
    ...options,
  });
  return { session, sockets };
}

async function ready(session, ws, token) {
  ws.open();
  await waitFor(() => ws.sent.length === 1, 1000, "getToken");
  ws.receive(gotToken(token));
  await session.ready;
}

test("authHeader gives the Bearer token for fetch, and nothing before there is a token", async () => {
  const { session, sockets } = setup();
  assert.equal(DEFAULT_TOKEN_HEADER, "Authorization");
  assert.deepEqual(session.authHeader(), {});
  await ready(session, sockets[0], tok("a"));
  assert.deepEqual(session.authHeader(), { Authorization: "Bearer " + tok("a") });
  // usable as fetch's headers as it is
  const headers = new Headers(session.authHeader());
  assert.equal(headers.get("authorization"), "Bearer " + tok("a"));
  session.close();
});

test("authHeader follows a rotation pushed by the server", async () => {
  const { session, sockets } = setup();
  await ready(session, sockets[0], tok("a"));
  sockets[0].receive(gotToken(tok("b")));
  await waitFor(() => session.token === tok("b"), 1000, "rotation");
  assert.deepEqual(session.authHeader(), { Authorization: "Bearer " + tok("b") });
  session.close();
});

test("a named token header carries the bare token", async () => {
  const { session, sockets } = setup({ tokenHeader: "X-Auth-Token" });
  await ready(session, sockets[0], tok("c"));
  assert.deepEqual(session.authHeader(), { "X-Auth-Token": tok("c") });
  session.close();
});

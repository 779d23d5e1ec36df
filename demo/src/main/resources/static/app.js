// The demo page: every value shown lives in the server-side session; this file only sends commands
// and draws the state frames the server answers with.
import { connectSession, DEFAULT_STORAGE_KEY, SESSION_ENDED, SESSION_EXPIRED } from "./websocket-session.js";

const $ = (id) => document.getElementById(id);
const url = new URL("session", location.href);
url.protocol = location.protocol === "https:" ? "wss:" : "ws:";

// Remember the current WebSocket so that "Drop connection" can close it the way a network drop would;
// the client then reconnects and resumes the session with its stored token.
let currentSocket = null;
class TrackedWebSocket extends WebSocket {
  constructor(...args) {
    super(...args);
    currentSocket = this;
  }
}

let connections = 0;
let pending = ""; // the command whose gotToken we expect (regenerate / logout)
let knownToken = storedToken(); // to tell a resumed session from a new one

const session = connectSession(url.href, {
  WebSocket: TrackedWebSocket,
  reconnect: { initialDelayMs: 300, maxDelayMs: 3000 },
  onStatus: showStatus,
  onToken: showToken,
  onMessage: onFrame,
});

function send(event, data = {}) {
  session.send(JSON.stringify({ event, data }));
}

function setStatus(text, kind = "") {
  const el = $("status");
  el.textContent = text;
  el.className = `status ${kind}`;
}

function showStatus(status, info) {
  document.body.dataset.status = status;
  switch (status) {
    case "connecting":
      setStatus(`Connecting to ${url.href}…`);
      break;
    case "open":
      connections += 1;
      $("connections").textContent = String(connections);
      setStatus("Connected; asking for the session (getToken)…");
      break;
    case "ready":
      if (!info.token) {
        setStatus(`The server could not open a session: ${info.errors}`, "error");
      } else if (info.errors) {
        setStatus(`New session ${short(info.token)} (${info.errors})`, "warn");
      } else {
        const resumed = info.token === knownToken;
        setStatus(resumed ? `Session ${short(info.token)} resumed` : `New session ${short(info.token)}`, "ok");
      }
      if (info.token) knownToken = info.token;
      send("state"); // draw the values of the resumed (or new) session
      break;
    case "reconnecting":
      setStatus(`Connection lost (code ${info.code}); reconnecting in ${(info.delayMs / 1000).toFixed(1)} s`
        + ` (attempt ${info.attempt})…`, "warn");
      log(`Connection lost (code ${info.code}); reconnecting, attempt ${info.attempt}`, "reconnect");
      break;
    case "closed":
      setStatus("Connection closed; reload the page to start again.", "error");
      break;
    default:
      setStatus(status);
  }
}

function showToken({ token, errors, unsolicited }) {
  if (token) $("token").textContent = `${short(token)} (${token.length} characters)`;
  const el = $("errors");
  el.dataset.raw = errors;
  el.textContent = errors === "" ? '"" (resumed, or new without a token)' : errors;
  el.className = errors ? "warn" : "";
  if (unsolicited) {
    const why = pending === "logout" ? "logged out, new empty session" : pending === "regenerate"
      ? "token rotated, values kept" : errors === SESSION_ENDED
        ? "ended in another tab or on another server; new empty session"
        : errors === SESSION_EXPIRED ? "expired; new empty session" : "the server sent a new token";
    log(`gotToken ${short(token)}: ${why}`);
    setStatus(`Session ${short(token)}: ${why}`, errors ? "warn" : "ok");
    pending = "";
    knownToken = token;
    send("state"); // draw the session the connection is on now
  } else {
    const what = errors ? errors : token && token === knownToken ? "resumed" : "new session";
    log(`gotToken ${short(token)}: ${what}${errors ? "" : ' (errors "")'}`);
  }
}

function onFrame(text) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch {
    log(`Unexpected frame: ${String(text).slice(0, 80)}`);
    return;
  }
  if (frame.event === "state") {
    render(frame.data);
  } else if (frame.event === "error") {
    setStatus(`Server: ${frame.data.message}`, "error");
    log(`Error: ${frame.data.message}`);
  }
}

function render(state) {
  $("saved-name").textContent = state.name || "stranger";
  if (document.activeElement !== $("name")) $("name").value = state.name;
  $("counter").textContent = String(state.counter);
  const list = $("notes");
  list.replaceChildren(...state.notes.map((note) => {
    const li = document.createElement("li");
    li.textContent = note;
    return li;
  }));
  $("clear-notes").hidden = state.notes.length === 0;
  const expires = new Date(state.expiresAt);
  const minutes = Math.max(0, Math.round((expires - Date.now()) / 60000));
  const hours = Math.floor(minutes / 60);
  const left = hours ? `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}` : `${minutes} min`;
  $("expires").textContent = `${expires.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}`
    + ` (in ${left}; each use moves it)`;
  $("expires").dataset.iso = state.expiresAt;
  document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1); // for the browser tests
}

// Newest first; a run of reconnect attempts updates one line instead of adding one per attempt.
function log(text, kind = "") {
  const list = $("log");
  const time = new Date().toLocaleTimeString(undefined, { hour12: false });
  let li = list.firstElementChild;
  if (!(kind && li && li.dataset.kind === kind)) {
    li = document.createElement("li");
    li.dataset.kind = kind;
    list.prepend(li);
  }
  li.textContent = `${time}  ${text}`;
  while (list.children.length > 10) list.lastElementChild.remove();
}

function short(token) {
  return token ? `${token.slice(0, 8)}…` : '""';
}

$("name-form").addEventListener("submit", (e) => {
  e.preventDefault();
  send("setName", { name: $("name").value });
  $("name").blur();
});
$("increment").addEventListener("click", () => send("increment"));
$("note-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("note").value.trim();
  if (!text) return;
  send("addNote", { text });
  $("note").value = "";
});
$("clear-notes").addEventListener("click", () => send("clearNotes"));
$("drop").addEventListener("click", () => {
  log("Dropping the connection");
  if (currentSocket) currentSocket.close();
});
$("rotate").addEventListener("click", () => {
  pending = "regenerate";
  send("regenerate");
});
$("logout").addEventListener("click", () => {
  pending = "logout";
  send("logout");
});

// The session is shared by every tab, phone and server on the token: ask for its values every second, so
// that what another tab or server changes shows here too (the server answers from memory, no query).
setInterval(() => {
  if (session.isReady && document.visibilityState !== "hidden") send("state");
}, 1000);

function storedToken() {
  try {
    return localStorage.getItem(DEFAULT_STORAGE_KEY) || "";
  } catch {
    return ""; // no localStorage: the client keeps the token in memory
  }
}

log(`Page loaded; stored token: ${short(knownToken)}`);

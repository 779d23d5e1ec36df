// websocket-mysql-session client
// A dependency-free ES module that gives a browser / WebView (Cordova, Capacitor)
// WebSocket connection a server-side session, keyed by a token kept in storage.
//
// Wire protocol (JSON text frames):
//   client -> server  {"event":"getToken","data":{"token":"<old token or empty string>"}}
//   server -> client  {"event":"gotToken","data":{"token":"<token>","errors":""}}
// Every other frame belongs to the application and is passed through untouched.
//
// SPDX-License-Identifier: MIT

/** Default key under which the session token is stored. */
export const DEFAULT_STORAGE_KEY = "websocket-session-token";

/** Default reconnect / backoff settings. */
export const DEFAULT_RECONNECT = Object.freeze({
  initialDelayMs: 500,
  maxDelayMs: 15000,
  factor: 2,
  jitter: 1,
  maxAttempts: Infinity,
  resetAfterMs: 10000,
});

/**
 * When the server answers without a session (its store failed: token ""), the delay before the
 * first getToken again on the same connection; it doubles per answer up to the reconnect's
 * maxDelayMs, with jitter, and never goes below it (the server allows 30 getToken a minute).
 */
export const DEFAULT_SESSION_RETRY_MS = 2000;

/**
 * Close codes after which the client does not reconnect: 1008 (policy violation, e.g. too many
 * getToken frames) and the application's own 4000-4999.
 */
function isFinalClose(code) {
  return code === 1008 || (code >= 4000 && code <= 4999);
}

/** Default time to wait for the server's gotToken after the socket opened. */
export const DEFAULT_READY_TIMEOUT_MS = 20000;

/**
 * The server's `errors` when another connection or server ended this connection's session (a
 * log-out, a rotation, the deletion of its row) or it expired; the token is of a new, empty session.
 */
/** The header authHeader() fills by default, with the Bearer scheme. */
export const DEFAULT_TOKEN_HEADER = "Authorization";

export const SESSION_ENDED = "Session Ended";
export const SESSION_EXPIRED = "Session Expired";

/**
 * After the server ends the session, how long to wait before storing the new empty session's token,
 * so that another tab of this origin that moved on (a login elsewhere rotates the token) wins.
 */
export const DEFAULT_ENDED_GRACE_MS = 300;

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

const OPEN = 1; // WebSocket.OPEN

/**
 * A tiny synchronous in-memory storage (getItem/setItem/removeItem), used when
 * no localStorage is available.
 */
export function createMemoryStorage() {
  const map = new Map();
  return {
    getItem(key) {
      return map.has(key) ? map.get(key) : null;
    },
    setItem(key, value) {
      map.set(key, String(value));
    },
    removeItem(key) {
      map.delete(key);
    },
  };
}

function defaultStorage() {
  try {
    const ls = globalThis.localStorage;
    if (ls && typeof ls.getItem === "function" && typeof ls.setItem === "function") {
      return ls;
    }
  } catch {
    // Accessing localStorage can throw (sandboxed iframes, disabled cookies, ...).
  }
  return createMemoryStorage();
}

/** Whether the storage is the browser's localStorage, which tabs of one origin share. */
function isLocalStorage(storage) {
  try {
    return storage === globalThis.localStorage && storage !== undefined;
  } catch {
    return false;
  }
}

function reportError(error) {
  try {
    if (typeof globalThis.reportError === "function") {
      globalThis.reportError(error);
    } else if (typeof console !== "undefined" && console.error) {
      console.error(error);
    }
  } catch {
    // never let error reporting break the session
  }
}

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Mark as handled so an unobserved rejection (close() before ready) does not
  // surface as an "unhandled rejection"; callers awaiting it still see it.
  promise.catch(() => {});
  return { promise, resolve, reject, settled: false };
}

function nonNegative(value, fallback) {
  return typeof value === "number" && value >= 0 && !Number.isNaN(value) ? value : fallback;
}

/**
 * Parse a frame; return {token, errors} if it is a well-formed gotToken frame,
 * otherwise null (the frame belongs to the application).
 */
function parseGotToken(raw) {
  if (typeof raw !== "string") return null;
  // cheap pre-check so that ordinary application frames are not JSON.parsed needlessly
  if (raw.indexOf("gotToken") === -1) return null;
  let msg;
  try {
    msg = JSON.parse(raw);
  } catch {
    return null;
  }
  if (
    !msg ||
    typeof msg !== "object" ||
    msg.event !== "gotToken" ||
    !msg.data ||
    typeof msg.data !== "object" ||
    typeof msg.data.token !== "string"
  ) {
    return null;
  }
  const errors = typeof msg.data.errors === "string" ? msg.data.errors : "";
  return { token: msg.data.token, errors };
}

/**
 * A WebSocket connection with a server-side session. Create one with
 * {@link connectSession} or `new WebSocketSession(url, options)`.
 */
export class WebSocketSession {
  /**
   * @param {string} url  ws:// or wss:// URL of the endpoint
   * @param {object} [options]
   */
  constructor(url, options = {}) {
    if (typeof url !== "string" && !(url && typeof url.href === "string")) {
      throw new TypeError("connectSession: url must be a string or URL");
    }
    const WS = options.WebSocket || globalThis.WebSocket;
    if (typeof WS !== "function") {
      throw new TypeError(
        "connectSession: no WebSocket implementation; pass options.WebSocket",
      );
    }

    this._url = typeof url === "string" ? url : url.href;
    this._WebSocket = WS;
    this._protocols = options.protocols;
    this._storageKey =
      typeof options.storageKey === "string" && options.storageKey
        ? options.storageKey
        : DEFAULT_STORAGE_KEY;
    this._storage = options.storage || defaultStorage();
    this._tokenHeader =
      typeof options.tokenHeader === "string" && options.tokenHeader ? options.tokenHeader : DEFAULT_TOKEN_HEADER;
    this._readyTimeoutMs = nonNegative(options.readyTimeoutMs, DEFAULT_READY_TIMEOUT_MS);
    this._endedGraceMs = nonNegative(options.endedGraceMs, DEFAULT_ENDED_GRACE_MS);
    this._sessionRetryMs = nonNegative(options.sessionRetryMs, DEFAULT_SESSION_RETRY_MS);

    if (options.reconnect === false) {
      this._reconnect = null;
    } else {
      const r = options.reconnect && typeof options.reconnect === "object" ? options.reconnect : {};
      this._reconnect = {
        initialDelayMs: nonNegative(r.initialDelayMs, DEFAULT_RECONNECT.initialDelayMs),
        maxDelayMs: nonNegative(r.maxDelayMs, DEFAULT_RECONNECT.maxDelayMs),
        factor: typeof r.factor === "number" && r.factor >= 1 ? r.factor : DEFAULT_RECONNECT.factor,
        jitter: Math.min(1, nonNegative(r.jitter, DEFAULT_RECONNECT.jitter)),
        maxAttempts: nonNegative(r.maxAttempts, DEFAULT_RECONNECT.maxAttempts),
        resetAfterMs: nonNegative(r.resetAfterMs, DEFAULT_RECONNECT.resetAfterMs),
      };
    }

    this._listeners = { message: new Set(), token: new Set(), status: new Set() };
    this._token = ""; // last known token (memory mirror of storage)
    this._storageChain = Promise.resolve(); // serialises storage operations
    this._lastWriteFailed = false; // storage is stale: trust the memory copy
    this._writeSeq = 0; // counts token writes (see _loadToken)
    this._queue = []; // frames sent before the session was ready
    this._ws = null;
    this._isReady = false; // current connection has received its first gotToken
    this._closed = false;
    this._status = "connecting";
    this._attempt = 0; // consecutive failed attempts (for backoff)
    this._retryTimer = null;
    this._readyTimer = null;
    this._stableTimer = null; // resets the backoff once a connection stayed up for resetAfterMs
    this._sessionTimer = null; // the next getToken after an answer without a session
    this._sessionAttempt = 0; // answers without a session on this connection
    this._ready = deferred();
    this._awaitingAnswer = false; // a getToken sent while ready (to follow another tab) awaits its gotToken
    this._graceTimer = null;
    this._pendingSave = false; // a pushed token waits out the grace before it is stored

    // Other tabs of this origin share the stored token: follow them when one stores a new one.
    const events =
      options.storageEvents !== undefined ? options.storageEvents : isLocalStorage(this._storage) ? globalThis : null;
    if (options.followTabs !== false && events && typeof events.addEventListener === "function") {
      this._storageEvents = events;
      this._onStorage = (event) => this._storageChanged(event);
      events.addEventListener("storage", this._onStorage);
    }

    for (const [name, key] of [
      ["onMessage", "message"],
      ["onToken", "token"],
      ["onStatus", "status"],
    ]) {
      if (typeof options[name] === "function") this._listeners[key].add(options[name]);
    }

    this._connect();
  }

  // ---------------------------------------------------------------- public API

  /**
   * Promise resolving to {token, errors} after the first gotToken of the current
   * connection. A fresh promise is created when a ready connection drops, so read
   * this property (or call whenReady()) again after a reconnect. Rejects if
   * close() is called before the session became ready.
   */
  get ready() {
    return this._ready.promise;
  }

  /** Same as the `ready` property: the promise for the current connection. */
  whenReady() {
    return this._ready.promise;
  }

  /** The last known session token ("" if none yet). */
  get token() {
    return this._token;
  }

  /**
   * The header that carries the session's token on an HTTP request, for `fetch`:
   * `{Authorization: "Bearer <token>"}` by default, `{"<tokenHeader>": "<token>"}` when the
   * `tokenHeader` option names another header (the server's websocket.session.httpTokenHeader);
   * `{}` while there is no token yet. Call it for each request: the token changes on rotation.
   */
  authHeader() {
    const token = this._token;
    if (!token) return {};
    return this._tokenHeader.toLowerCase() === "authorization"
      ? { [this._tokenHeader]: "Bearer " + token }
      : { [this._tokenHeader]: token };
  }

  /** Current state: "connecting" | "open" | "ready" | "closed" | "reconnecting". */
  get status() {
    return this._status;
  }

  /** True once the current connection has its session (and after close() false). */
  get isReady() {
    return this._isReady && !this._closed;
  }

  /**
   * Send an application frame. Frames sent before the session is ready (or while
   * reconnecting) are queued and flushed, in order, right after the next gotToken.
   * Throws after close().
   */
  send(data) {
    if (this._closed) throw new Error("WebSocketSession is closed");
    const ws = this._ws;
    if (this._isReady && ws && ws.readyState === OPEN && this._queue.length === 0) {
      try {
        ws.send(data);
        return;
      } catch {
        // fall through and queue; the close event will trigger a reconnect
      }
    }
    this._queue.push(data);
  }

  /** Listen for every application frame (raw data). Returns an unsubscribe function. */
  onMessage(fn) {
    return this._on("message", fn);
  }

  /**
   * Listen for every gotToken (first of each connection and unsolicited rotations).
   * Listener gets {token, errors, unsolicited}. Returns an unsubscribe function.
   */
  onToken(fn) {
    return this._on("token", fn);
  }

  /** Listen for connection state changes. Returns an unsubscribe function. */
  onStatus(fn) {
    return this._on("status", fn);
  }

  /**
   * Forget the stored token (e.g. on logout). The current server session is left
   * alone; the next connection will start a new session.
   */
  clearToken() {
    return this._write("", (s, k) => s.removeItem(k));
  }

  /** Close the connection for good: no further reconnects, queued frames are dropped. */
  close(code = 1000, reason = "") {
    if (this._closed) return;
    this._closed = true;
    this._isReady = false;
    this._queue.length = 0;
    this._clearTimers();
    if (this._storageEvents) this._storageEvents.removeEventListener("storage", this._onStorage);
    const ws = this._ws;
    this._ws = null;
    if (ws) {
      this._detach(ws);
      try {
        ws.close(code, reason);
      } catch {
        // ignore
      }
    }
    if (!this._ready.settled) {
      this._ready.settled = true;
      this._ready.reject(new Error("WebSocketSession closed before it was ready"));
    }
    this._setStatus("closed", { code, reason });
  }

  // ---------------------------------------------------------------- internals

  _on(key, fn) {
    if (typeof fn !== "function") throw new TypeError("listener must be a function");
    this._listeners[key].add(fn);
    return () => {
      this._listeners[key].delete(fn);
    };
  }

  _emit(key, ...args) {
    for (const fn of [...this._listeners[key]]) {
      try {
        fn(...args);
      } catch (e) {
        reportError(e);
      }
    }
  }

  _setStatus(status, info = {}) {
    this._status = status;
    this._emit("status", status, info);
  }

  _clearTimers() {
    for (const name of ["_stableTimer", "_sessionTimer"]) {
      if (this[name] !== null) {
        clearTimeout(this[name]);
        this[name] = null;
      }
    }
    if (this._graceTimer !== null) {
      clearTimeout(this._graceTimer);
      this._graceTimer = null;
    }
    if (this._retryTimer !== null) {
      clearTimeout(this._retryTimer);
      this._retryTimer = null;
    }
    if (this._readyTimer !== null) {
      clearTimeout(this._readyTimer);
      this._readyTimer = null;
    }
  }

  /** Run a storage operation after all earlier ones; failures are reported, not thrown. */
  _storageOp(op) {
    const run = this._storageChain.then(() => op(this._storage, this._storageKey));
    this._storageChain = run.then(
      () => {},
      (e) => reportError(e),
    );
    return this._storageChain;
  }

  /** Read the stored token (after pending writes); fall back to memory if storage fails. */
  _loadToken() {
    let value;
    let failed = false;
    const seq = this._writeSeq; // a write queued after this read makes the read stale
    return this._storageOp(async (s, k) => {
      try {
        value = await s.getItem(k);
      } catch (e) {
        failed = true;
        throw e;
      }
    }).then(() => {
      if (!failed && !this._lastWriteFailed && !this._pendingSave && seq === this._writeSeq) {
        this._token = typeof value === "string" ? value : "";
      }
      return this._token;
    });
  }

  _saveToken(token) {
    return this._write(token, (s, k) => s.setItem(k, token));
  }

  /** Update the memory copy now and the storage in order; remember if storage failed. */
  _write(token, op) {
    this._token = token;
    this._writeSeq += 1;
    return this._storageOp(async (s, k) => {
      try {
        await op(s, k);
        this._lastWriteFailed = false;
      } catch (e) {
        this._lastWriteFailed = true;
        throw e;
      }
    });
  }

  _connect() {
    this._isReady = false;
    this._sessionAttempt = 0;
    const ws = new this._WebSocket(
      this._url,
      ...(this._protocols !== undefined ? [this._protocols] : []),
    );
    this._ws = ws;
    try {
      ws.binaryType = "arraybuffer";
    } catch {
      // not supported by this implementation
    }
    const tokenPromise = this._loadToken();

    let opened = false;
    ws.onopen = () => {
      if (ws !== this._ws || opened) return;
      opened = true;
      this._setStatus("open");
      tokenPromise.then((token) => this._askForSession(ws, token));
    };
    ws.onmessage = (event) => {
      if (ws !== this._ws) return;
      this._handleFrame(event ? event.data : undefined);
    };
    ws.onerror = () => {
      // A close event follows; nothing to do here.
    };
    ws.onclose = (event) => {
      if (ws !== this._ws) return;
      const code = event && typeof event.code === "number" ? event.code : 1006;
      this._drop(ws, { code, reason: (event && event.reason) || "" }, isFinalClose(code));
    };

    this._setStatus("connecting", { attempt: this._attempt });
  }

  _detach(ws) {
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
  }

  /** Sends getToken on the open socket and waits readyTimeoutMs for the answer. */
  _askForSession(ws, token) {
    if (ws !== this._ws || ws.readyState !== OPEN) return;
    if (this._readyTimer !== null) clearTimeout(this._readyTimer);
    this._readyTimer = null;
    if (this._readyTimeoutMs > 0) {
      this._readyTimer = setTimeout(() => {
        this._readyTimer = null;
        if (ws === this._ws && !this._isReady) {
          this._drop(ws, { code: 4000, reason: "getToken timeout" });
        }
      }, this._readyTimeoutMs);
    }
    try {
      ws.send(JSON.stringify({ event: "getToken", data: { token } }));
    } catch (e) {
      reportError(e);
    }
  }

  /**
   * The server answered without a session (token "": its store failed), or said this connection's
   * session ended and it could not make a new one: not ready; ask again, with the stored token,
   * after a growing delay.
   */
  _noSession(errors) {
    const ws = this._ws;
    if (this._readyTimer !== null) {
      clearTimeout(this._readyTimer);
      this._readyTimer = null;
    }
    if (this._isReady) {
      this._isReady = false;
      if (this._ready.settled) this._ready = deferred();
    }
    if (this._stableTimer !== null) {
      clearTimeout(this._stableTimer);
      this._stableTimer = null;
    }
    const floor = this._sessionRetryMs;
    const cap = Math.max(floor, this._reconnect ? this._reconnect.maxDelayMs : DEFAULT_RECONNECT.maxDelayMs);
    const top = Math.min(cap, floor * Math.pow(2, this._sessionAttempt));
    const delayMs = Math.round(floor + Math.random() * (top - floor));
    this._sessionAttempt += 1;
    this._setStatus("open", { errors, attempt: this._sessionAttempt, delayMs });
    if (this._sessionTimer !== null) clearTimeout(this._sessionTimer);
    this._sessionTimer = setTimeout(() => {
      this._sessionTimer = null;
      if (this._closed || ws !== this._ws || this._isReady) return;
      this._loadToken().then((token) => this._askForSession(ws, token));
    }, delayMs);
  }

  /**
   * The current socket is gone (closed, failed, timed out): schedule a reconnect, unless the
   * server closed it with a code that means "do not come back" ({@code final}).
   */
  _drop(ws, info, final = false) {
    if (ws !== this._ws || this._closed) return;
    this._detach(ws);
    this._ws = null;
    if (ws.readyState === OPEN || ws.readyState === 0) {
      try {
        ws.close(info.code === 4000 ? 4000 : 1000, info.reason);
      } catch {
        // ignore
      }
    }
    this._clearTimers();
    this._isReady = false;
    if (this._ready.settled) this._ready = deferred();

    const r = this._reconnect;
    if (!r || final || this._attempt >= r.maxAttempts) {
      this._closed = true;
      this._queue.length = 0;
      this._ready.settled = true;
      this._ready.reject(new Error("WebSocketSession connection lost"));
      this._setStatus("closed", info);
      return;
    }
    const delayMs = this._nextDelay();
    this._attempt += 1;
    this._setStatus("reconnecting", { ...info, attempt: this._attempt, delayMs });
    this._retryTimer = setTimeout(() => {
      this._retryTimer = null;
      if (this._closed) return;
      try {
        this._connect();
      } catch (e) {
        // constructor failure (e.g. offline WebView quirks): treat as a failed attempt
        reportError(e);
        const dead = this._ws || { readyState: 3 };
        this._ws = dead;
        this._drop(dead, { code: 1006, reason: String((e && e.message) || e) });
      }
    }, delayMs);
  }

  /** Exponential backoff; with jitter 1 (the default) "full jitter": anywhere from 0 to the backoff. */
  _nextDelay() {
    const r = this._reconnect;
    const base = Math.min(r.maxDelayMs, r.initialDelayMs * Math.pow(r.factor, this._attempt));
    return Math.max(0, Math.round(base * (1 - r.jitter * Math.random())));
  }

  /** Another tab changed the stored token (the `storage` event): resume its session. */
  _storageChanged(event) {
    if (this._closed || (event && typeof event.key === "string" && event.key !== this._storageKey)) return;
    let value;
    try {
      value = this._storage.getItem(this._storageKey);
    } catch {
      return;
    }
    this._follow(value);
  }

  /** Resumes the session of a token another tab stored, unless it is this one's already. */
  _follow(value) {
    if (typeof value !== "string" || !TOKEN.test(value) || value === this._token) return;
    if (this._graceTimer !== null) {
      clearTimeout(this._graceTimer);
      this._graceTimer = null;
    }
    this._pendingSave = false;
    this._token = value;
    const ws = this._ws;
    if (this._isReady && ws && ws.readyState === OPEN) {
      this._awaitingAnswer = true;
      try {
        ws.send(JSON.stringify({ event: "getToken", data: { token: value } }));
      } catch (e) {
        reportError(e);
      }
    }
  }

  /**
   * The server ended this session and gave the connection a new, empty one: store its token after
   * the grace, unless another tab moved on to a token of its own meanwhile (then follow that one).
   */
  _ended(token) {
    const ended = this._token;
    this._token = token;
    this._pendingSave = true;
    if (this._graceTimer !== null) clearTimeout(this._graceTimer);
    this._graceTimer = setTimeout(() => {
      this._graceTimer = null;
      this._pendingSave = false;
      if (this._closed || this._token !== token) return;
      let stored = null;
      try {
        stored = this._storage.getItem(this._storageKey);
      } catch {
        // use the server's token
      }
      if (typeof stored === "string" && TOKEN.test(stored) && stored !== ended && stored !== token) {
        this._follow(stored);
      } else {
        this._saveToken(token);
      }
    }, this._endedGraceMs);
  }

  _handleFrame(raw) {
    const got = parseGotToken(raw);
    if (!got) {
      this._emit("message", raw);
      return;
    }
    // not a token the server makes: a frame an application relayed from another client, which must
    // not log this one out or into another session
    if (got.token !== "" && !TOKEN.test(got.token)) return;
    const answer = !this._isReady || this._awaitingAnswer;
    this._awaitingAnswer = false;
    const unsolicited = !answer;
    if (got.token && unsolicited && (got.errors === SESSION_ENDED || got.errors === SESSION_EXPIRED)) {
      this._ended(got.token);
    } else if (got.token) {
      this._saveToken(got.token);
    }
    // token "" means the server's store failed: keep the old stored token.

    this._emit("token", { token: got.token, errors: got.errors, unsolicited });
    if (this._closed) return;
    if (!got.token) {
      this._noSession(got.errors);
      return;
    }
    if (unsolicited) return;
    if (this._isReady) {
      // the answer to following another tab: the session changed under the application
      this._setStatus("ready", { token: got.token, errors: got.errors });
      return;
    }

    if (this._readyTimer !== null) {
      clearTimeout(this._readyTimer);
      this._readyTimer = null;
    }
    this._isReady = true;
    this._sessionAttempt = 0;
    this._armBackoffReset();
    this._setStatus("ready", { token: got.token, errors: got.errors });
    this._flush();
    if (!this._ready.settled) {
      this._ready.settled = true;
      this._ready.resolve({ token: got.token, errors: got.errors });
    }
  }

  /** The backoff starts over only once this connection has stayed up for resetAfterMs. */
  _armBackoffReset() {
    if (this._stableTimer !== null) clearTimeout(this._stableTimer);
    this._stableTimer = null;
    const r = this._reconnect;
    if (!r || r.resetAfterMs === 0) {
      this._attempt = 0;
      return;
    }
    const ws = this._ws;
    this._stableTimer = setTimeout(() => {
      this._stableTimer = null;
      if (ws === this._ws && this._isReady) this._attempt = 0;
    }, r.resetAfterMs);
  }

  _flush() {
    const ws = this._ws;
    while (this._queue.length && this._isReady && ws === this._ws && ws.readyState === OPEN) {
      const frame = this._queue[0];
      try {
        ws.send(frame);
      } catch (e) {
        reportError(e);
        return; // keep the frame; the close event will reconnect and flush again
      }
      this._queue.shift();
    }
  }
}

/**
 * Open a WebSocket with a server-side session.
 * @param {string|URL} url
 * @param {object} [options]
 * @returns {WebSocketSession}
 */
export function connectSession(url, options) {
  return new WebSocketSession(url, options);
}

export default connectSession;

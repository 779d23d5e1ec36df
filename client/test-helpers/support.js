// Test helpers: a controllable fake WebSocket and small async utilities.
// (No tests in this file.)

/**
 * Create a fresh fake WebSocket class; every instance is recorded in `sockets`.
 * The "server" side is driven by the helper methods open()/receive()/drop().
 */
export function createFakeWebSocket() {
  const sockets = [];

  class FakeWebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;

    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.readyState = FakeWebSocket.CONNECTING;
      this.binaryType = "blob";
      this.sent = [];
      this.closeCalls = [];
      this.onopen = null;
      this.onmessage = null;
      this.onerror = null;
      this.onclose = null;
      sockets.push(this);
    }

    send(data) {
      if (this.readyState !== FakeWebSocket.OPEN) {
        throw new Error("InvalidStateError: socket not open");
      }
      this.sent.push(data);
    }

    close(code, reason) {
      this.closeCalls.push({ code, reason });
      if (this.readyState >= FakeWebSocket.CLOSING) return;
      this.readyState = FakeWebSocket.CLOSING;
      // like browsers, the close event is delivered asynchronously
      setTimeout(() => {
        this.readyState = FakeWebSocket.CLOSED;
        if (this.onclose) this.onclose({ code: code ?? 1005, reason: reason ?? "" });
      }, 0);
    }

    // ---- server side

    /** The server accepts the connection. */
    open() {
      this.readyState = FakeWebSocket.OPEN;
      if (this.onopen) this.onopen({ type: "open" });
    }

    /** The server sends a frame (objects are JSON encoded). */
    receive(frame) {
      const data = typeof frame === "string" || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame);
      if (this.onmessage) this.onmessage({ data });
    }

    /** The connection drops (or is refused when not yet open). */
    drop(code = 1006, reason = "") {
      this.readyState = FakeWebSocket.CLOSED;
      if (this.onerror) this.onerror({ type: "error" });
      if (this.onclose) this.onclose({ code, reason });
    }

    /** Sent frames parsed as JSON where possible. */
    get sentJson() {
      return this.sent.map((s) => {
        try {
          return JSON.parse(s);
        } catch {
          return s;
        }
      });
    }
  }

  return { FakeWebSocket, sockets };
}

/** A gotToken frame as the server sends it. */
export function gotToken(token, errors = "") {
  return { event: "gotToken", data: { token, errors } };
}

/** A getToken frame as the client sends it. */
export function getToken(token) {
  return { event: "getToken", data: { token } };
}

/** 32-char base64url token made from a seed character. */
export function tok(ch) {
  return ch.repeat(32);
}

/** Synchronous Map-backed storage that records its calls. */
export function createSyncStorage(initial = {}) {
  const map = new Map(Object.entries(initial));
  const calls = [];
  return {
    map,
    calls,
    getItem(key) {
      calls.push(["getItem", key]);
      return map.has(key) ? map.get(key) : null;
    },
    setItem(key, value) {
      calls.push(["setItem", key, value]);
      map.set(key, value);
    },
    removeItem(key) {
      calls.push(["removeItem", key]);
      map.delete(key);
    },
  };
}

/** Promise-based storage (like Capacitor Preferences / secure storage plugins). */
export function createAsyncStorage(initial = {}, delayMs = 5) {
  const map = new Map(Object.entries(initial));
  const later = (fn) => new Promise((resolve) => setTimeout(() => resolve(fn()), delayMs));
  return {
    map,
    getItem: (key) => later(() => (map.has(key) ? map.get(key) : null)),
    setItem: (key, value) => later(() => void map.set(key, value)),
    removeItem: (key) => later(() => void map.delete(key)),
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll until cond() is truthy; reject after timeoutMs. */
export async function waitFor(cond, timeoutMs = 2000, what = "condition") {
  const start = Date.now();
  for (;;) {
    const value = cond();
    if (value) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

/** Let pending microtasks and zero-delay timers run. */
export const settle = () => sleep(2);

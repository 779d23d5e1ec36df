// Type declarations for websocket-session.js (websocket-mysql-session client).
// Written to need no DOM lib: the WebSocket and storage types are structural.

/** Connection state reported by {@link WebSocketSession.onStatus}. */
export type SessionStatus = "connecting" | "open" | "ready" | "closed" | "reconnecting";

/** Result of a session handshake (the first gotToken of a connection). */
export interface SessionReady {
  /** The session token: 32 base64url characters; in a TokenEvent "" when the server's session
   *  store failed (the client then asks again; `ready` waits for a session). */
  token: string;
  /** "" on resume or fresh start, "Session Not Found" / "Session Expired" when a new
   *  session replaced the old one, or a readable message when the store failed. */
  errors: string;
}

/** Passed to {@link WebSocketSession.onToken} listeners for every gotToken frame. */
export interface TokenEvent extends SessionReady {
  /** true for gotToken frames the server sent on its own (this connection's rotation or log-out,
   *  or "Session Ended" / "Session Expired" when the session ended elsewhere). */
  unsolicited: boolean;
}

/** Extra details passed with a status change. */
export interface StatusInfo {
  /** Close code of the dropped socket ("reconnecting" / "closed"). The client does not reconnect
   *  after the server closed with 1008 or 4000-4999: status "closed" with that code. */
  code?: number;
  /** Close reason of the dropped socket ("reconnecting" / "closed"). */
  reason?: string;
  /** Reconnect attempt number ("connecting" / "reconnecting"), or the number of answers without a
   *  session on this connection ("open"). */
  attempt?: number;
  /** Delay before the next attempt ("reconnecting") or the next getToken ("open"). */
  delayMs?: number;
  /** Token ("ready"). */
  token?: string;
  /** Errors ("ready"; "open" when the server answered without a session). */
  errors?: string;
}

/** Application frame data: text frames as string, binary frames as ArrayBuffer. */
export type MessageData = string | ArrayBuffer;

/** Storage for the token; methods may be synchronous or return Promises. */
export interface SessionStorage {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** The subset of the WebSocket API the client uses. */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType?: string;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: any) => void) | null;
  onerror: ((event: any) => void) | null;
  onclose: ((event: any) => void) | null;
  send(data: any): void;
  close(code?: number, reason?: string): void;
}

/** A WebSocket constructor, e.g. globalThis.WebSocket or a test fake. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Reconnect / exponential backoff settings. */
export interface ReconnectOptions {
  /** Delay before the first reconnect attempt. Default 500. */
  initialDelayMs?: number;
  /** Upper bound for the delay. Default 15000. */
  maxDelayMs?: number;
  /** Multiplier per failed attempt. Default 2. */
  factor?: number;
  /** The random part of the delay (0..1): the delay is the backoff less up to this fraction of
   *  it. Default 1, "full jitter" (anywhere from 0 to the backoff). */
  jitter?: number;
  /** Give up (status "closed") after this many consecutive attempts. Default Infinity. */
  maxAttempts?: number;
  /** The backoff starts over only after a connection stayed ready this long; 0: at once. Default 10000. */
  resetAfterMs?: number;
}

export interface SessionOptions {
  /** The header authHeader() fills: "Authorization" (the default) as "Bearer <token>", any other
   *  name (as the server's websocket.session.httpTokenHeader names it) with the bare token. */
  tokenHeader?: string;
  /** Storage key of the token. Default "websocket-session-token". */
  storageKey?: string;
  /** Token storage. Default globalThis.localStorage, else an in-memory storage. */
  storage?: SessionStorage;
  /** WebSocket constructor. Default globalThis.WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** Sub-protocols passed to the WebSocket constructor. */
  protocols?: string | string[];
  /** Reconnect settings, or false to never reconnect. */
  reconnect?: ReconnectOptions | false;
  /** Drop and reconnect if no gotToken arrives this long after open; 0 disables. Default 20000. */
  readyTimeoutMs?: number;
  /** When the server answers without a session (its store failed), the first delay before asking
   *  again on the same connection; it doubles up to the reconnect's maxDelayMs. Default 2000. */
  sessionRetryMs?: number;
  /** Follow other tabs of this origin: when one stores a new token, resume its session. Default true. */
  followTabs?: boolean;
  /** Where `storage` events come from. Default globalThis when the storage is localStorage, else none. */
  storageEvents?: {
    addEventListener(type: "storage", listener: (event: { key?: string | null }) => void): void;
    removeEventListener(type: "storage", listener: (event: { key?: string | null }) => void): void;
  } | null;
  /** After the server ends the session, wait this long for another tab before storing the new
   *  session's token. Default 300. */
  endedGraceMs?: number;
  /** Listener registered before the first connection starts. */
  onMessage?: (data: MessageData) => void;
  /** Listener registered before the first connection starts. */
  onToken?: (event: TokenEvent) => void;
  /** Listener registered before the first connection starts (sees the first "connecting"). */
  onStatus?: (status: SessionStatus, info: StatusInfo) => void;
}

/** The header authHeader() fills by default. */
export declare const DEFAULT_TOKEN_HEADER: "Authorization";
/** Default key under which the session token is stored. */
export declare const DEFAULT_STORAGE_KEY: "websocket-session-token";

/** Default reconnect / backoff settings. */
export declare const DEFAULT_RECONNECT: Readonly<Required<ReconnectOptions>>;

/** Default first delay before getToken again after an answer without a session. */
export declare const DEFAULT_SESSION_RETRY_MS: number;

/** Default time to wait for the server's gotToken after the socket opened. */
export declare const DEFAULT_READY_TIMEOUT_MS: number;

/** `errors` of the gotToken the server pushes when another connection or server ended the session. */
export declare const SESSION_ENDED: "Session Ended";

/** `errors` of the gotToken the server pushes when the session expired while the connection was open. */
export declare const SESSION_EXPIRED: "Session Expired";

/** Default wait, after the server ended the session, before its new token is stored. */
export declare const DEFAULT_ENDED_GRACE_MS: number;

/** A synchronous in-memory storage. */
export declare function createMemoryStorage(): SessionStorage;

export declare class WebSocketSession {
  constructor(url: string | { readonly href: string }, options?: SessionOptions);

  /** Resolves after the first gotToken of the current connection; a fresh promise
   *  per reconnect. Rejects if the session is closed before it became ready. */
  readonly ready: Promise<SessionReady>;
  /** The last known session token ("" if none yet). */
  readonly token: string;
  /** The token's header for an HTTP request (fetch): {Authorization: "Bearer <token>"} by default; {} without a token. */
  authHeader(): Record<string, string>;
  /** The current connection state. */
  readonly status: SessionStatus;
  /** Whether the current connection has its session. */
  readonly isReady: boolean;

  /** The `ready` promise of the current connection. */
  whenReady(): Promise<SessionReady>;
  /** Send an application frame; queued until the session is ready. Throws after close(). */
  send(data: string | ArrayBuffer): void;
  /** Every non-gotToken frame, raw. Returns an unsubscribe function. */
  onMessage(fn: (data: MessageData) => void): () => void;
  /** Every gotToken frame, including unsolicited rotations. Returns an unsubscribe function. */
  onToken(fn: (event: TokenEvent) => void): () => void;
  /** Connection state changes. Returns an unsubscribe function. */
  onStatus(fn: (status: SessionStatus, info: StatusInfo) => void): () => void;
  /** Forget the stored token; the next connection starts a new session. */
  clearToken(): Promise<void>;
  /** Close for good: no reconnects, queued frames dropped, pending ready rejected. */
  close(code?: number, reason?: string): void;
}

/** Open a WebSocket with a server-side session. */
export declare function connectSession(
  url: string | { readonly href: string },
  options?: SessionOptions,
): WebSocketSession;

export default connectSession;

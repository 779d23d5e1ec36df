// Shared helpers of the socket.io suites: the two client generations, promises over their events.
import { io as io4 } from 'socket.io-client';
import io2 from 'socket.io-client-v2';

/** The server's origin (no path: socket.io-client would take a path for a namespace). */
export const URL = process.env.SOCKETIO_URL;
/** The endpoint's path: /socket.io/ standalone, /<context root>/socket.io/ in a server. */
export const PATH = process.env.SOCKETIO_PATH || '/socket.io/';
/** The plain endpoint beside it, when there is one. */
export const PLAIN_URL = process.env.PLAIN_URL;
export const PING_INTERVAL_MS = Number(process.env.PING_INTERVAL_MS || 25000);
export const PING_TIMEOUT_MS = Number(process.env.PING_TIMEOUT_MS || 20000);
if (!URL) {
  throw new Error('SOCKETIO_URL is not set: these suites run from SocketIoClientsIT (mvn verify), which starts the server');
}

export const TOKEN = /^[A-Za-z0-9_-]{32}$/;

const origin = (url) => new globalThis.URL(url).origin;
const options = (url, opts) => ({ forceNew: true, reconnection: false, path: origin(url) === origin(URL) ? PATH : '/socket.io/', ...opts });

export const CLIENTS = [
  { name: 'socket.io-client 2.5 (Engine.IO 3)', eio: 3, io: (url, opts) => io2(url, options(url, opts)) },
  { name: 'socket.io-client 4.8 (Engine.IO 4)', eio: 4, io: (url, opts) => io4(url, options(url, opts)) },
];

/** Whether the heartbeat cases fit in a test's time: short ping settings (standalone), not a server's defaults. */
export const SHORT_HEARTBEAT = PING_INTERVAL_MS + PING_TIMEOUT_MS <= 10000;

export const TRANSPORTS = [
  { name: 'default transports (polling, then the upgrade)', opts: {} },
  { name: 'transports: ["websocket"]', opts: { transports: ['websocket'] } },
];

/** Resolves with the event's first argument, rejects after ms. */
export function next(socket, event, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (arg) => {
      clearTimeout(timer);
      resolve(arg);
    });
  });
}

/** Emits an event with an acknowledgement callback; resolves with the callback's arguments. */
export function call(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no acknowledgement of ${event}`)), 5000);
    socket.emit(event, ...args, (...reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
  });
}

/** The Node package's protocol: emit getToken, wait for gotToken. */
export async function getToken(socket, token) {
  const answer = next(socket, 'gotToken');
  socket.emit('getToken', { token });
  return answer;
}

export async function connected(socket) {
  if (!socket.connected) {
    await next(socket, 'connect');
  }
  return socket;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The socket.io-client 4.8 load both servers get: N clients over WebSocket, each in a closed loop for
// the given time, after a warm-up. op "resume": emit getToken with the client's token, wait for
// gotToken. op "resume-row": the same with two tokens of the client's in turn, so that a server that
// answers the resume of a session a socket is on from memory must read the row. op "set": emit set with an acknowledgement, wait for it. op "shared": N clients on one
// token, each sets its own key `writes` times, then the row is checked by the caller.
// Prints one JSON line: {ops, seconds, p50, p99} (milliseconds) or {token} for "shared".
import { io } from 'socket.io-client';

const [url, op, clientsArg, millisArg, warmArg] = process.argv.slice(2);
const clients = Number(clientsArg);
const millis = Number(millisArg);
const warm = Number(warmArg || 1000);

const connect = () => new Promise((resolve, reject) => {
  const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  s.once('connect', () => resolve(s));
  s.once('connect_error', reject);
});
const getToken = (s, token) => new Promise((resolve) => {
  s.once('gotToken', resolve);
  s.emit('getToken', { token });
});
const set = (s, key, value) => new Promise((resolve) => s.emit('set', { key, value }, resolve));

const sockets = await Promise.all([...Array(clients)].map(connect));
if (op === 'shared') {
  const { token } = await getToken(sockets[0], '');
  await Promise.all(sockets.slice(1).map((s) => getToken(s, token)));
  const writes = millis; // here: writes per client
  await Promise.all(sockets.map(async (s, i) => {
    for (let n = 0; n < writes; n++) await set(s, `k${i}`, `v${n}`);
  }));
  console.log(JSON.stringify({ token }));
  sockets.forEach((s) => s.close());
  process.exit(0);
}
const perSocket = op === 'resume-row' ? 2 : 1;
const tokens = await Promise.all(sockets.map(async (s) => {
  const own = [];
  for (let k = 0; k < perSocket; k++) own.push((await getToken(s, '')).token);
  return own;
}));
const value = 'x'.repeat(100);
let measuring = false;
let stop = false;
const latencies = [];
let ops = 0;
const loop = async (s, i) => {
  for (let n = 0; !stop; n++) {
    const t0 = process.hrtime.bigint();
    if (op === 'resume' || op === 'resume-row') await getToken(s, tokens[i][n % perSocket]);
    else await set(s, `k${n % 10}`, value);
    if (measuring) {
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      ops++;
    }
  }
};
const running = sockets.map(loop);
await new Promise((r) => setTimeout(r, warm));
measuring = true;
const t0 = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, millis));
measuring = false;
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
stop = true;
await Promise.all(running);
latencies.sort((a, b) => a - b);
const at = (p) => latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] : NaN;
console.log(JSON.stringify({ ops, seconds, p50: at(0.5), p99: at(0.99) }));
sockets.forEach((s) => s.close());
process.exit(0);

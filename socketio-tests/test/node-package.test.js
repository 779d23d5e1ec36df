// The Node package this library succeeds, socket.io-mysql-session 1.0.9 on socket.io 4.8 (with
// allowEIO3, as its users upgraded), and the library's socket.io endpoint on one table: a session
// made on either resumes on the other with its values.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { CLIENTS, TOKEN, URL, call, connected, getToken, sleep } from './support.js';

const require = createRequire(import.meta.url);
const DB = process.env.NODE_PACKAGE_DB ? JSON.parse(process.env.NODE_PACKAGE_DB) : null;

/** Node's set is not awaited (its write is fire-and-forget): read until the value is there. */
async function eventually(read, expected, ms = 4000) {
  let last;
  for (const until = Date.now() + ms; Date.now() < until; await sleep(100)) {
    last = await read();
    if (JSON.stringify(last) === JSON.stringify(expected)) {
      return last;
    }
  }
  return last;
}

describe('the Node package on the same table', { skip: DB ? false : 'NODE_PACKAGE_DB is not set' }, () => {
  let http;
  let io;
  let db;
  let nodeUrl;
  const open = [];

  before(async () => {
    const { Server } = require('socket.io');
    const mysql = require('mysql');
    const SocketSession = require('socket.io-mysql-session');
    db = mysql.createConnection(DB);
    http = createServer();
    io = new Server(http, { allowEIO3: true });
    io.use(new SocketSession({ db }));
    io.on('connection', (socket) => {
      socket.on('set', ({ key, value }, ack) => {
        socket.session.set(key, value);
        ack(true);
      });
      socket.on('get', (key, ack) => ack(socket.session.get(key)));
    });
    await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
    nodeUrl = `http://127.0.0.1:${http.address().port}`;
  });

  after(async () => {
    open.forEach((s) => s.close());
    io.close();
    await new Promise((resolve) => db.end(resolve));
  });

  const socket = async (client, url) => {
    const s = client.io(url, {});
    open.push(s);
    return connected(s);
  };

  for (const [toNode, toJava] of [[CLIENTS[1], CLIENTS[0]], [CLIENTS[0], CLIENTS[1]]]) {
    test(`made on Node (${toNode.name}), resumed on Java (${toJava.name})`, async () => {
      const n = await socket(toNode, nodeUrl);
      const made = await getToken(n, ''); // Node answers a first visit with "Session Not Found" (its bug)
      assert.match(made.token, TOKEN);
      assert.deepEqual(await call(n, 'set', { key: 'from', value: 'node' }), [true]);
      const j = await socket(toJava, URL);
      assert.deepEqual(await getToken(j, made.token), { token: made.token, errors: '' });
      assert.deepEqual(await eventually(() => call(j, 'get', 'from'), ['node']), ['node']);
    });

    test(`made on Java (${toJava.name}), resumed on Node (${toNode.name})`, async () => {
      const j = await socket(toJava, URL);
      const made = await getToken(j, '');
      assert.deepEqual(made.errors, '');
      assert.deepEqual(await call(j, 'set', { key: 'from', value: 'java' }), [true]); // committed before the ack
      const n = await socket(toNode, nodeUrl);
      assert.deepEqual(await getToken(n, made.token), { token: made.token, errors: '' });
      assert.deepEqual(await call(n, 'get', 'from'), ['java']);
    });
  }

  test('an invented token gets the same answer from both', async () => {
    const invented = 'Z'.repeat(32);
    const n = await socket(CLIENTS[1], nodeUrl);
    const j = await socket(CLIENTS[1], URL);
    const fromNode = await getToken(n, invented);
    const fromJava = await getToken(j, invented);
    assert.equal(fromNode.errors, 'Session Not Found');
    assert.equal(fromJava.errors, 'Session Not Found');
    assert.notEqual(fromJava.token, invented);
  });
});

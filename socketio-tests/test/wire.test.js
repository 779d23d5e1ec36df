// What no client library shows: the Engine.IO wire itself, heartbeats, and the plain endpoint beside
// the socket.io one on the same table.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';
import { CLIENTS, PATH, PING_INTERVAL_MS, PING_TIMEOUT_MS, PLAIN_URL, SHORT_HEARTBEAT, TOKEN, URL, call, connected, getToken, sleep } from './support.js';

/**
 * A plain HTTP request (not fetch: fetch refuses some ports, as WildFly's test port 10080), with a
 * fetch-like answer.
 */
function poll(query, init = {}) {
  return new Promise((resolve, reject) => {
    const req = request(`${URL}${PATH}?${query}`, { method: init.method || 'GET' }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, text: async () => body, json: async () => JSON.parse(body) });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

async function handshake(eio) {
  const res = await poll(`EIO=${eio}&transport=polling&t=1`);
  assert.equal(res.status, 200);
  const body = await res.text();
  const open = eio === 4 ? body.split('\x1e')[0] : body.slice(body.indexOf(':') + 1, body.indexOf(':') + 1 + Number(body.slice(0, body.indexOf(':'))));
  assert.equal(open[0], '0');
  return { body, open: JSON.parse(open.slice(1)) };
}

describe('the Engine.IO wire', () => {
  test('an Engine.IO 4 handshake: record-separated, maxPayload, no 40 before the client\'s', async () => {
    const { body, open } = await handshake(4);
    assert.deepEqual(open.upgrades, ['websocket']);
    assert.equal(open.pingInterval, PING_INTERVAL_MS);
    assert.equal(open.pingTimeout, PING_TIMEOUT_MS);
    assert.equal(typeof open.maxPayload, 'number');
    assert.ok(!body.includes('\x1e40'));
  });

  test('an Engine.IO 3 handshake: length-prefixed, with 40 unprompted', async () => {
    const { body, open } = await handshake(3);
    assert.equal(open.maxPayload, undefined);
    assert.ok(body.endsWith('2:40'), body);
  });

  test('unknown sid, transport or version get Node\'s errors', async () => {
    let res = await poll('EIO=4&transport=polling&sid=nope');
    assert.equal(res.status, 400);
    assert.deepEqual(await res.json(), { code: 1, message: 'Session ID unknown' });
    res = await poll('EIO=4&transport=carrier-pigeon');
    assert.deepEqual(await res.json(), { code: 0, message: 'Transport unknown' });
    res = await poll('EIO=5&transport=polling');
    assert.deepEqual(await res.json(), { code: 5, message: 'Unsupported protocol version' });
    res = await poll('EIO=4&transport=polling', { method: 'POST', body: '40' });
    assert.deepEqual(await res.json(), { code: 2, message: 'Bad handshake method' });
  });

  for (const eio of [3, 4]) {
    test(`Engine.IO ${eio}: a client that stops heartbeating is closed ("ping timeout")`, { skip: !SHORT_HEARTBEAT && 'the server pings at its default pace' }, async () => {
      const { open } = await handshake(eio);
      await sleep(PING_INTERVAL_MS + PING_TIMEOUT_MS + 600);
      const res = await poll(`EIO=${eio}&transport=polling&sid=${open.sid}`);
      assert.equal(res.status, 400);
      assert.deepEqual(await res.json(), { code: 1, message: 'Session ID unknown' });
    });
  }

  test('a payload over maxPayload is refused with 413', async () => {
    const { open } = await handshake(4);
    const res = await poll(`EIO=4&transport=polling&sid=${open.sid}`, { method: 'POST', body: '4' + 'x'.repeat(open.maxPayload) });
    assert.equal(res.status, 413);
  });

  test('a malformed payload closes the socket', async () => {
    const { open } = await handshake(4);
    let res = await poll(`EIO=4&transport=polling&sid=${open.sid}`, { method: 'POST', body: '9garbage' });
    assert.equal(res.status, 400);
    res = await poll(`EIO=4&transport=polling&sid=${open.sid}`);
    assert.equal(res.status, 400);
  });

  test('a binary attachment is refused: the socket is closed', async () => {
    const s = CLIENTS[1].io(URL, { transports: ['websocket'] });
    await connected(s);
    const closed = new Promise((resolve) => s.on('disconnect', resolve));
    s.emit('echo', Buffer.from([1, 2, 3]));
    assert.match(await closed, /transport close|io server disconnect/);
    s.close();
  });
});

describe('beside the plain endpoint, on one table', { skip: PLAIN_URL ? false : 'PLAIN_URL is not set' }, () => {
  const plain = (frames) => new Promise((resolve, reject) => {
    const ws = new WebSocket(PLAIN_URL);
    const replies = [];
    ws.on('open', () => ws.send(JSON.stringify(frames[0])));
    ws.on('message', (data) => {
      replies.push(JSON.parse(data.toString()));
      if (replies.length === frames.length) {
        ws.close();
        resolve(replies);
      } else {
        ws.send(JSON.stringify(frames[replies.length]));
      }
    });
    ws.on('error', reject);
  });

  test('a session made over socket.io resumes on the plain endpoint, and back', async () => {
    const s = CLIENTS[0].io(URL, {});
    await connected(s);
    const { token } = await getToken(s, '');
    await call(s, 'set', { key: 'made', value: 'over socket.io' });
    const replies = await plain([
      { event: 'getToken', data: { token } },
      { event: 'get', data: { key: 'made' } },
      { event: 'set', data: { key: 'back', value: 'from the plain endpoint' } },
    ]);
    assert.deepEqual(replies[0], { event: 'gotToken', data: { token, errors: '' } });
    assert.equal(replies[1].data, 'over socket.io');
    assert.deepEqual(await call(s, 'get', 'back'), ['from the plain endpoint']);
    assert.match(token, TOKEN);
    s.close();
  });
});

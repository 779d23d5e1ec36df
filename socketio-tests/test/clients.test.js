// The Node package's users' apps, as they are: socket.io-client 2.x and 4.x, default transports and
// WebSocket only, against the library's socket.io endpoint (SocketIoClientsIT starts it).
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENTS, TRANSPORTS, TOKEN, URL, call, connected, getToken, next, sleep } from './support.js';

for (const client of CLIENTS) {
  for (const transport of TRANSPORTS) {
    describe(`${client.name}, ${transport.name}`, () => {
      const open = [];
      const connect = async (opts = {}) => {
        const s = client.io(URL, { ...transport.opts, ...opts });
        open.push(s);
        return connected(s);
      };
      after(() => open.forEach((s) => s.close()));

      test('a client without a token gets a new session', async () => {
        const s = await connect();
        const got = await getToken(s, '');
        assert.match(got.token, TOKEN);
        assert.equal(got.errors, '');
      });

      test('a known token resumes its session with its values', async () => {
        const s = await connect();
        const { token } = await getToken(s, '');
        assert.deepEqual(await call(s, 'set', { key: 'colour', value: 'teal' }), [true]);
        s.close();
        const t = await connect();
        const again = await getToken(t, token);
        assert.deepEqual(again, { token, errors: '' });
        assert.deepEqual(await call(t, 'get', 'colour'), ['teal']);
      });

      test('an invented token gets a new session and "Session Not Found"', async () => {
        const s = await connect();
        const invented = 'A'.repeat(32);
        const got = await getToken(s, invented);
        assert.match(got.token, TOKEN);
        assert.notEqual(got.token, invented);
        assert.equal(got.errors, 'Session Not Found');
      });

      test('a malformed getToken is answered as on the plain endpoint', async () => {
        const s = await connect();
        const answer = next(s, 'gotToken');
        s.emit('getToken', 'not an object');
        const got = await answer; // as on the plain endpoint: a new session, and why
        assert.match(got.token, TOKEN);
        assert.match(got.errors, /^Malformed getToken frame: /);
      });

      test('getToken without data is a first visit, as in the Node package', async () => {
        const s = await connect();
        const answer = next(s, 'gotToken');
        s.emit('getToken');
        const got = await answer;
        assert.match(got.token, TOKEN);
        assert.equal(got.errors, '');
      });

      test('an application event is acknowledged with its answer', async () => {
        const s = await connect();
        assert.deepEqual(await call(s, 'echo', 1, 'two', { three: [3] }), [1, 'two', { three: [3] }]);
      });

      test('the server emits an event to the socket', async () => {
        const s = await connect();
        const pushed = next(s, 'pushed');
        s.emit('emitMe', 'pushed', { hello: 'from Java' });
        assert.deepEqual(await pushed, { hello: 'from Java' });
      });

      test('read-modify-write through the session loses nothing', async () => {
        const s = await connect();
        const { token } = await getToken(s, '');
        const t = await connect();
        await getToken(t, token);
        await Promise.all([...Array(10)].map((_, i) => call(i % 2 ? s : t, 'increment', 'count')));
        assert.deepEqual(await call(s, 'get', 'count'), [10]);
      });

      test('a handler that throws leaves the socket connected', async () => {
        const s = await connect();
        s.emit('fail');
        assert.deepEqual(await call(s, 'echo', 'still here'), ['still here']);
        assert.equal(s.connected, true);
      });

      if (transport.opts.transports === undefined) {
        test('the connection upgrades from polling to WebSocket', async () => {
          const s = await connect();
          const engine = s.io.engine;
          for (let i = 0; i < 50 && engine.transport.name !== 'websocket'; i++) {
            await sleep(100);
          }
          assert.equal(engine.transport.name, 'websocket');
          assert.deepEqual(await call(s, 'echo', 'after the upgrade'), ['after the upgrade']);
        });
      }

      test('a reconnect resumes the session, as an app does on "connect"', async () => {
        const s = client.io(URL, { ...transport.opts, reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 200 });
        open.push(s);
        let token = '';
        const tokens = [];
        s.on('gotToken', (got) => {
          token = got.token;
          tokens.push(got);
        });
        s.on('connect', () => s.emit('getToken', { token }));
        await next(s, 'gotToken');
        await call(s, 'set', { key: 'before', value: 'the drop' });
        s.io.engine.close(); // the network drops: the client reconnects by itself
        await next(s, 'gotToken', 10000);
        assert.equal(tokens.length, 2);
        assert.deepEqual(tokens[1], { token: tokens[0].token, errors: '' });
        assert.deepEqual(await call(s, 'get', 'before'), ['the drop']);
      });

      test('another namespace is refused with "Invalid namespace"', async () => {
        const s = client.io(`${URL}/chat`, transport.opts); // the path of the URL is the namespace
        open.push(s);
        const message = client.eio === 3
          ? await next(s, 'error')
          : (await next(s, 'connect_error')).message;
        assert.equal(message, 'Invalid namespace');
      });
    });
  }
}

describe('socket.io-client 4.8: the token in the connect packet\'s auth', () => {
  test('is resumed as if sent with getToken', async () => {
    const first = CLIENTS[1].io(URL, {});
    await connected(first);
    const { token } = await getToken(first, '');
    first.close();
    const s = CLIENTS[1].io(URL, { auth: { token } });
    const got = next(s, 'gotToken');
    await connected(s);
    assert.deepEqual(await got, { token, errors: '' });
    s.close();
  });
});

describe('in a Jakarta EE server', { skip: process.env.SOCKETIO_CDI ? false : 'SOCKETIO_CDI is not set (standalone)' }, () => {
  test('the application\'s SocketIoHandler is a CDI bean: @Inject works in it', async () => {
    const s = CLIENTS[1].io(URL, {});
    await connected(s);
    assert.deepEqual(await call(s, 'injected'), [true]);
    s.close();
  });
});

import io2 from 'socket.io-client-v2';
const URL = process.env.URL;
const call = (s, e, ...a) => new Promise((res, rej) => { const t = setTimeout(() => rej(new Error('no ack ' + e)), 3000); s.emit(e, ...a, (...r) => { clearTimeout(t); res(r); }); });
const next = (s, e) => new Promise((res) => s.once(e, res));
for (let i = 0; i < 10; i++) {
  const s = io2(URL, { forceNew: true, reconnection: false });
  await next(s, 'connect');
  let got = next(s, 'gotToken'); s.emit('getToken', { token: '' }); const { token } = await got;
  await call(s, 'set', { key: 'k', value: 'v' + i });
  s.close();
  const t = io2(URL, { forceNew: true, reconnection: false });
  await next(t, 'connect');
  got = next(t, 'gotToken'); t.emit('getToken', { token }); await got;
  try {
    console.log(i, 'get', await call(t, 'get', 'k'), t.io.engine.transport.name);
  } catch (e) { console.log(i, 'FAILED', e.message, t.io.engine.transport.name); }
  t.close();
}
process.exit(0);

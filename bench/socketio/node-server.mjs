// The Node package as its README sets it up: socket.io 4.8 (allowEIO3) with socket.io-mysql-session
// 1.0.9 as middleware on one mysql connection. Events: "set" ({key, value}) -> socket.session.set,
// acknowledged; the package itself answers "getToken" with "gotToken". Prints "PORT <n>" when ready.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Server } = require('socket.io');
const mysql = require('mysql');
const SocketSession = require('socket.io-mysql-session');

const db = mysql.createConnection(JSON.parse(process.env.NODE_PACKAGE_DB));
const http = createServer();
const io = new Server(http, { allowEIO3: true });
io.use(new SocketSession({ db }));
io.on('connection', (socket) => {
  socket.on('set', ({ key, value }, ack) => {
    socket.session.set(key, value);
    if (typeof ack === 'function') ack(true);
  });
});
http.listen(0, '127.0.0.1', () => console.log(`PORT ${http.address().port}`));
process.on('SIGTERM', () => { io.close(); db.end(); process.exit(0); });

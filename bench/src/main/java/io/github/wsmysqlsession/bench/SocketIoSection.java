package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.SessionSettings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * 8. socket.io (issue 12): the Node package socket.io-mysql-session 1.0.9 in its own habitat (socket.io
 * 4.8 on Node, one mysql connection, as its README sets it up) against the library's socket.io
 * endpoint on Tyrus, on the same table, under the same socket.io-client 4.8 load ({@code
 * socketio/load.mjs}, a Node process per round): resumes and acknowledged {@code set} events per
 * second at 1, 16 and 64 clients, and lost keys when 16 clients write one session.
 */
final class SocketIoSection {

    /** The Node package's table name, which it does not let anyone change. */
    static final String TABLE = "session";
    static final int SHARED_CLIENTS = 16;
    static final int SHARED_WRITES = 50;

    private SocketIoSection() {
    }

    static void run(Bench.Run run) throws Exception {
        Path dir = run.benchDir.resolve("socketio");
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            exec(dir, List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), Map.of(), 180);
        }
        boolean existed = !Db.queryString(run.auto, "SELECT COUNT(*) FROM information_schema.TABLES WHERE "
                + "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", TABLE).equals("0");
        if (existed && !Db.queryString(run.auto, "SELECT COUNT(*) FROM `" + TABLE + "`").equals("0")) {
            run.note("Section 8 skipped: the database has a `session` table with rows, and the Node package "
                    + "cannot use another name. Empty it (or use another database) to run the section.");
            return;
        }
        if (!existed) {
            Db.sessionTable(run.auto, TABLE);
        }
        int[] levels = run.quick ? new int[] {1, 16} : new int[] {1, 16, 64};
        int millis = run.quick ? 1_500 : 4_000;
        int rounds = run.quick ? 1 : 3;
        Table t = new Table("op", "clients", "server", "ops/s", "x Node", "p50 ms", "p99 ms");
        Map<String, Double> ratios = new LinkedHashMap<>();
        Map<String, Integer> lost = new LinkedHashMap<>();
        try (JavaServer java = new JavaServer(Db.pool(run.url, "bench-socketio", true, 16));
                NodeServer node = new NodeServer(dir, nodeDb(run.url))) {
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("Node: socket.io 4.8 + socket.io-mysql-session 1.0.9", node.url);
            urls.put("library: socket.io endpoint on Tyrus", java.url);
            for (String op : List.of("resume", "resume-row", "set")) {
                for (int clients : levels) {
                    Map<String, List<JsonObject>> results = new LinkedHashMap<>();
                    urls.keySet().forEach(k -> results.put(k, new ArrayList<>()));
                    List<String> order = new ArrayList<>(urls.keySet());
                    for (int r = 0; r < rounds; r++) {
                        Collections.rotate(order, 1);
                        for (String name : order) {
                            System.out.println("socketio: " + op + ", " + clients + " clients, " + name);
                            results.get(name).add(load(dir, urls.get(name), op, clients, millis));
                        }
                    }
                    double nodeRate = rate(results.get(order.stream().filter(n -> n.startsWith("Node")).findFirst()
                            .orElseThrow()));
                    for (Map.Entry<String, List<JsonObject>> e : results.entrySet()) {
                        double rate = rate(e.getValue());
                        t.add(op, clients, e.getKey(), Table.num(rate), String.format("%.2f", rate / nodeRate),
                                Table.ms(median(e.getValue(), "p50")), Table.ms(median(e.getValue(), "p99")));
                        if (e.getKey().startsWith("library")) {
                            ratios.put(op + " at " + clients, rate / nodeRate);
                        }
                    }
                }
            }
            for (Map.Entry<String, String> e : urls.entrySet()) {
                String token = load(dir, e.getValue(), "shared", SHARED_CLIENTS, SHARED_WRITES).getString("token");
                Thread.sleep(1_000); // the Node package's writes are not awaited: let them land
                String data = Db.queryString(run.auto, "SELECT data FROM `" + TABLE + "` WHERE sessionId = ?", token);
                int kept = 0;
                for (int i = 0; i < SHARED_CLIENTS; i++) {
                    kept += data != null && data.contains("\"k" + i + "\"") ? 1 : 0;
                }
                lost.put(e.getKey(), SHARED_CLIENTS - kept);
            }
        } finally {
            if (existed) {
                Db.execute(run.auto, "DELETE FROM `" + TABLE + "`");
            } else {
                Db.execute(run.auto, "DROP TABLE `" + TABLE + "`");
            }
        }
        run.section("8. socket.io: the Node package in its own habitat, and the library's endpoint",
                "The Node package as its README sets it up (socket.io 4.8 with `allowEIO3` on Node " + nodeVersion(dir)
                + ", socket.io-mysql-session 1.0.9 as middleware over one `mysql` connection) and the library's "
                + "socket.io endpoint (`SessionManager.socketIoEndpoint` on Tyrus with " + TyrusServers.WORKERS
                + " workers, HikariCP, 16 connections at most), on the same table, under the same load: socket.io-client 4.8 over WebSocket in one Node "
                + "process per round, each client in a closed loop for " + millis / 1000.0 + " s after a 1 s "
                + "warm-up, " + rounds + " round(s) per server and level, the order rotating. \"resume\": "
                + "`getToken` with the client's token to `gotToken` (the library answers it from its live copy of "
                + "the session the socket is on; the Node package reads the row); \"resume-row\": the same with "
                + "two sessions of the client's in turn, so that the library reads the row too; \"set\": an acknowledged event whose handler "
                + "calls `session.set(key, 100 characters)`. The Node package acknowledges before its write reaches "
                + "the database (its `set` does not wait for the query); the library after the commit.", t);
        StringBuilder l = new StringBuilder("Lost keys: " + SHARED_CLIENTS + " clients on one token, each setting its "
                + "own key " + SHARED_WRITES + " times, then the row read: ");
        lost.forEach((k, v) -> l.append(k).append(": ").append(v).append(" of ").append(SHARED_CLIENTS)
                .append(" lost; "));
        run.note(l.toString());
        boolean fast = true;
        StringBuilder detail = new StringBuilder();
        for (Map.Entry<String, Double> e : ratios.entrySet()) {
            detail.append(String.format("%s %.2fx; ", e.getKey(), e.getValue()));
            if (!e.getKey().endsWith(" at 1") && e.getValue() < 2) {
                fast = false;
            }
        }
        run.target("socket.io: library >= 2x the Node package's throughput at 16 and 64 clients", fast,
                detail.toString().trim());
        Double one = ratios.get("resume at 1");
        Double oneRow = ratios.get("resume-row at 1");
        run.target("Resume at 1 client: library >= 1.5x the Node package", one != null && one >= 1.5,
                String.format("resume %.2fx, resume-row (the row read) %.2fx", one, oneRow));
        int libraryLost = lost.entrySet().stream().filter(e -> e.getKey().startsWith("library"))
                .mapToInt(Map.Entry::getValue).sum();
        run.target("socket.io: no lost updates where the Node package loses them", libraryLost == 0,
                lost.toString());
    }

    private static String nodeVersion(Path dir) {
        try {
            return exec(dir, List.of("node", "--version"), Map.of(), 10).strip();
        } catch (Exception e) {
            return "(version unknown)";
        }
    }

    private static double rate(List<JsonObject> rounds) {
        double ops = 0;
        double seconds = 0;
        for (JsonObject r : rounds) {
            ops += r.getJsonNumber("ops").doubleValue();
            seconds += r.getJsonNumber("seconds").doubleValue();
        }
        return ops / seconds;
    }

    private static double median(List<JsonObject> rounds, String key) {
        List<Double> v = new ArrayList<>();
        rounds.forEach(r -> v.add(r.getJsonNumber(key).doubleValue()));
        Collections.sort(v);
        return v.get(v.size() / 2);
    }

    private static JsonObject load(Path dir, String url, String op, int clients, int millis) throws Exception {
        String out = exec(dir, List.of("node", "load.mjs", url, op, String.valueOf(clients), String.valueOf(millis)),
                Map.of(), 120);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        try (JsonReader r = Json.createReader(new StringReader(last))) {
            return r.readObject();
        } catch (RuntimeException e) {
            throw new IllegalStateException("load.mjs " + op + " " + clients + " against " + url + " printed: " + out, e);
        }
    }

    private static String exec(Path dir, List<String> command, Map<String, String> env, int seconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** @return the URL's database as options of Node's {@code mysql.createConnection} */
    static String nodeDb(String jdbcUrl) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^jdbc:mysql://([^/:]+)(?::(\\d+))?/([^?]*)(?:\\?(.*))?$").matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalStateException("Cannot read the database URL " + jdbcUrl);
        }
        jakarta.json.JsonObjectBuilder o = Json.createObjectBuilder().add("host", m.group(1))
                .add("port", m.group(2) == null ? 3306 : Integer.parseInt(m.group(2))).add("database", m.group(3));
        if (m.group(4) != null) {
            for (String pair : m.group(4).split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && (kv[0].equals("user") || kv[0].equals("password"))) {
                    o.add(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
            }
        }
        return o.build().toString();
    }

    /** The library's socket.io endpoint alone on a Tyrus server: {@code set} events set the session. */
    static final class JavaServer implements AutoCloseable {
        final String url;
        private final com.zaxxer.hikari.HikariDataSource pool;
        private final SessionManager manager;
        private final ServerContainer server;

        JavaServer(com.zaxxer.hikari.HikariDataSource pool) throws Exception {
            this.pool = pool;
            Map<String, String> props = Map.of("websocket.session.table", TABLE, "websocket.session.sweepInterval", "0",
                    "websocket.session.getTokenPerMinute", "0", "websocket.session.newSessionsPerMinute", "0");
            manager = SessionManager.builder((DataSource) pool).settings(SessionSettings.fromProperties(props::get))
                    .build();
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            server = TyrusServers.create(Map.of());
            server.addEndpoint(manager.socketIoEndpoint((event, socket, session) -> {
                if (event.name().equals("set")) {
                    JsonObject kv = event.arg(0, JsonObject.class);
                    session.set(kv.getString("key"), kv.getString("value"));
                    event.ack(true);
                }
            }));
            server.start("/", port);
            manager.serveSocketIoPolling(server);
            url = "http://127.0.0.1:" + port;
        }

        @Override
        public void close() {
            server.stop();
            manager.close();
            pool.close();
        }
    }

    /** {@code socketio/node-server.mjs} in a Node process of its own. */
    static final class NodeServer implements AutoCloseable {
        final String url;
        private final Process process;

        NodeServer(Path dir, String db) throws IOException {
            ProcessBuilder pb = new ProcessBuilder("node", "node-server.mjs").directory(dir.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("NODE_PACKAGE_DB", db);
            process = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("PORT ")) {
                process.destroyForcibly();
                throw new IllegalStateException("The Node server did not start: " + line);
            }
            url = "http://127.0.0.1:" + line.substring(5).trim();
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "node-server-output");
            drain.setDaemon(true);
            drain.start();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

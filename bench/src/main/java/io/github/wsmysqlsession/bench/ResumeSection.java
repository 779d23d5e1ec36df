package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import io.github.wsmysqlsession.bench.lib.LibraryEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * 2. Resume: {@code getToken} with an existing token to {@code gotToken} over a real WebSocket (Tyrus
 * server and client in this JVM, loopback), beside an echo endpoint on the same server and one raw
 * primary-key read.
 */
final class ResumeSection {

    static final String ECHO = "WebSocket echo, no session (floor)";
    static final String RESUME = "library: getToken -> gotToken, row read";
    static final String LIVE = "library: getToken of a session live here";
    static final String READ = "raw JDBC primary-key read";

    private ResumeSection() {
    }

    static void run(Bench.Run run) throws Exception {
        Db.sessionTable(run.auto, "bench_r_lib");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ServerContainer server = TyrusServers.create(Map.of());
        LibraryEndpoint library = new LibraryEndpoint(run.auto, "bench_r_lib", run.hibernate());
        server.addEndpoint(EchoEndpoint.config("/echo"));
        server.addEndpoint(library.config("/session"));
        server.start("/", port);
        Map<Integer, Map<String, Stats>> results = new LinkedHashMap<>();
        Map<String, String> statements = new LinkedHashMap<>();
        try {
            List<Contender> contenders = new ArrayList<>();
            contenders.add(new WsContender(ECHO, uri(port, "/echo"), run.auto, null, WsContender.Mode.ECHO));
            contenders.add(new WsContender(RESUME, uri(port, "/session"), run.auto, "bench_r_lib",
                    WsContender.Mode.READS_ROW));
            contenders.add(new WsContender(LIVE, uri(port, "/session"), run.auto, "bench_r_lib",
                    WsContender.Mode.LIVE));
            contenders.add(new JdbcRead(READ, run.auto, "bench_r_read"));
            run.runner.warm(16, contenders, run.quick ? 300 : 3000);
            for (int level : Bench.LEVELS) {
                System.out.println("resume, " + level + " sessions ...");
                results.put(level, run.runner.run(level, contenders));
            }
            for (Contender c : contenders) {
                statements.put(c.name(), Statements.perOp(run.auto, c, run.quick ? 30 : 300));
                c.close();
            }
        } finally {
            server.stop();
            library.close();
        }
        Table t = new Table("sessions", "contender", "round trips/s", "p50 ms", "p99 ms", "CPU us/op (client+server)",
                "DB CPU us/op", "allocated B/op (client+server)", "statements/op");
        List<String> figures = new ArrayList<>();
        List<String> bound = new ArrayList<>();
        List<String> allocation = new ArrayList<>();
        boolean met = true;
        boolean boundMet = true;
        for (var level : results.entrySet()) {
            for (var e : level.getValue().entrySet()) {
                Stats s = e.getValue();
                t.add(level.getKey(), e.getKey(), Table.num(s.throughput()), Table.ms(s.millis(50)),
                        Table.ms(s.millis(99)), Table.num(s.clientCpuMicros()), Table.num(s.dbCpuMicros()),
                        Table.num(s.allocatedPerOp()), statements.get(e.getKey()));
            }
            Map<String, Stats> m = level.getValue();
            double budget = m.get(ECHO).millis(99) + 1.5 * m.get(READ).millis(99);
            double resume = m.get(RESUME).millis(99);
            met &= resume <= budget;
            figures.add(String.format("%d: p99 %.3f ms vs %.3f ms (echo %.3f + 1.5 x read %.3f)", level.getKey(),
                    resume, budget, m.get(ECHO).millis(99), m.get(READ).millis(99)));
            double series = 1 / (1 / m.get(ECHO).throughput() + 1 / m.get(READ).throughput());
            double x = m.get(RESUME).throughput() / series;
            if (level.getKey() >= 16) {
                boundMet &= x >= 0.8;
            }
            bound.add(String.format("%d: %s/s vs %s/s in series, %.2fx", level.getKey(),
                    Table.num(m.get(RESUME).throughput()), Table.num(series), x));
            double own = m.get(RESUME).allocatedPerOp() - m.get(ECHO).allocatedPerOp() - m.get(READ).allocatedPerOp();
            allocation.add(String.format("%d: %s B per resume, of which the library's share (less echo and read) %s B",
                    level.getKey(), Table.num(m.get(RESUME).allocatedPerOp()), Table.num(own)));
        }
        run.section("2. Resume: getToken -> gotToken over WebSocket", "Each connection sends `getToken` with an "
                + "existing token and waits for `gotToken` (each session has 10 keys; the expiry is not rewritten "
                + "within `resumeTouchInterval`, 60 s). \"row read\": each connection alternates between two "
                + "sessions of its own, so that the one it leaves has no connection on the server and its next "
                + "resume reads the row (the case of a client that reconnects). \"live here\": the connection "
                + "resumes the session it is on, which the server answers from its copy without a read (the copy "
                + "was checked against the table within `syncInterval`, as when a second tab or device joins a "
                + "session). Tyrus server (Grizzly, " + TyrusServers.WORKERS + " workers) and Tyrus client in the "
                + "bench's JVM on loopback; the library's `SessionEndpoint` and an echo endpoint without sessions "
                + "on the same server, echoing a frame of the same size. The primary-key read is "
                + "`SELECT sessionId, expires, data ... WHERE sessionId = ?` over JDBC with a pooled connection. "
                + "Allocation: bytes allocated by all of the JVM's threads per operation (`ThreadMXBean`).",
                t);
        run.target("Resume (row read): >= 0.8x of echo and read in series, 1 / (1/echo + 1/read), at 16 and 64 "
                + "sessions", boundMet, String.join("; ", bound));
        run.note("Allocation per resume: " + String.join("; ", allocation) + ".");
        run.target("Resume: p99 <= echo p99 + 1.5 x raw primary-key read p99", met, String.join("; ", figures));
    }

    private static URI uri(int port, String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }
}

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
    static final String RESUME = "library: getToken -> gotToken";
    static final String READ = "raw JDBC primary-key read";

    private ResumeSection() {
    }

    static void run(Bench.Run run) throws Exception {
        Db.sessionTable(run.auto, "bench_r_lib");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ServerContainer server = ServerContainerFactory.createServerContainer(Map.of());
        LibraryEndpoint library = new LibraryEndpoint(run.auto, "bench_r_lib", run.hibernate());
        server.addEndpoint(EchoEndpoint.config("/echo"));
        server.addEndpoint(library.config("/session"));
        server.start("/", port);
        Map<Integer, Map<String, Stats>> results = new LinkedHashMap<>();
        Map<String, String> statements = new LinkedHashMap<>();
        try {
            List<Contender> contenders = new ArrayList<>();
            contenders.add(new WsContender(ECHO, uri(port, "/echo"), run.auto, null));
            contenders.add(new WsContender(RESUME, uri(port, "/session"), run.auto, "bench_r_lib"));
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
                "DB CPU us/op", "statements/op");
        List<String> figures = new ArrayList<>();
        boolean met = true;
        for (var level : results.entrySet()) {
            for (var e : level.getValue().entrySet()) {
                Stats s = e.getValue();
                t.add(level.getKey(), e.getKey(), Table.num(s.throughput()), Table.ms(s.millis(50)),
                        Table.ms(s.millis(99)), Table.num(s.clientCpuMicros()), Table.num(s.dbCpuMicros()),
                        statements.get(e.getKey()));
            }
            Map<String, Stats> m = level.getValue();
            double budget = m.get(ECHO).millis(99) + 1.5 * m.get(READ).millis(99);
            double resume = m.get(RESUME).millis(99);
            met &= resume <= budget;
            figures.add(String.format("%d: p99 %.3f ms vs %.3f ms (echo %.3f + 1.5 x read %.3f)", level.getKey(),
                    resume, budget, m.get(ECHO).millis(99), m.get(READ).millis(99)));
        }
        run.section("2. Resume: getToken -> gotToken over WebSocket", "Each connection sends `getToken` with its "
                + "existing token and waits for `gotToken` (the session has 10 keys and is loaded each time; the "
                + "expiry is not rewritten within `resumeTouchInterval`, 60 s). Tyrus server (Grizzly) and Tyrus "
                + "client in the bench's JVM on loopback; the library's `SessionEndpoint` and an echo endpoint "
                + "without sessions on the same server, echoing a frame of the same size. The primary-key read is "
                + "`SELECT sessionId, expires, data ... WHERE sessionId = ?` over JDBC with a pooled connection.",
                t);
        run.target("Resume: p99 <= echo p99 + 1.5 x raw primary-key read p99", met, String.join("; ", figures));
    }

    private static URI uri(int port, String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }
}

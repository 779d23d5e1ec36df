package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import io.github.wsmysqlsession.bench.lib.LibraryEndpoint;
import io.github.wsmysqlsession.bench.lib.LibraryWrite;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * A diagnostic, not part of the table: one contender of section 2 alone (the WebSocket echo or the
 * library's resume), at one level, for a profiler to attach to without the other contenders in the
 * picture: {@code -Dbench.main=io.github.wsmysqlsession.bench.ProbeWs -Dbench.args="resume 16 10000"}.
 */
public final class ProbeWs {

    private ProbeWs() {
    }

    public static void main(String[] args) throws Exception {
        Bench.quietLogging();
        String what = args.length > 0 ? args[0] : "resume";
        int level = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        long millis = args.length > 2 ? Long.parseLong(args[2]) : 5000;
        String url = System.getenv("MYSQL_SESSION_JDBC_URL");
        Bench.Run run = new Bench.Run(url, Path.of(System.getProperty("bench.dir", ".")), false, List.of());
        run.auto = Db.pool(url, "probe-ws", true, 64);
        Db.sessionTable(run.auto, "bench_pw_lib");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ServerContainer server = Boolean.getBoolean("probe.defaultWorkers")
                ? ServerContainerFactory.createServerContainer(Map.of()) : TyrusServers.create(Map.of());
        LibraryEndpoint library = new LibraryEndpoint(run.auto, "bench_pw_lib", run.hibernate());
        server.addEndpoint(EchoEndpoint.config("/echo"));
        server.addEndpoint(library.config("/session"));
        server.start("/", port);
        try {
            Contender c = switch (what) {
                case "echo" -> new WsContender(ResumeSection.ECHO, URI.create("ws://127.0.0.1:" + port + "/echo"),
                        run.auto, null, WsContender.Mode.ECHO);
                case "write" -> {
                    Db.sessionTable(run.auto, "bench_pw_w");
                    yield new LibraryWrite("library set", run.auto, "bench_pw_w", run.hibernate(), 1, false);
                }
                case "libsql" -> new JdbcWrite("raw library SQL", run.auto, "bench_pw_sql", true);
                case "limit" -> new JdbcWrite("raw limit", run.auto, "bench_pw_limit", false);
                case "live" -> new WsContender(ResumeSection.LIVE, URI.create("ws://127.0.0.1:" + port + "/session"),
                        run.auto, "bench_pw_lib", WsContender.Mode.LIVE);
                default -> new WsContender(ResumeSection.RESUME, URI.create("ws://127.0.0.1:" + port + "/session"),
                        run.auto, "bench_pw_lib", WsContender.Mode.READS_ROW);
            };
            Runner runner = new Runner(1, millis, 2000, 0);
            for (int pass = 0; pass < 2; pass++) {
                Stats s = runner.run(level, List.of(c)).get(c.name());
                System.out.printf("pass %d %s @%d: %.0f ops/s, p50 %.3f ms, p99 %.3f ms, CPU %.1f us/op%n", pass,
                        c.name(), level, s.throughput(), s.millis(50), s.millis(99), s.clientCpuMicros());
            }
            c.close();
        } finally {
            server.stop();
            library.close();
        }
        System.exit(0);
    }
}

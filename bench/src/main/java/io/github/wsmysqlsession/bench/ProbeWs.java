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
 * A diagnostic, not part of the table: one contender alone ({@code echo}, {@code resume} (the row
 * read), {@code live}, {@code write}, {@code libsql}, {@code limit}) at one level, so that a profile
 * shows it without the others: {@code -Dbench.main=io.github.wsmysqlsession.bench.ProbeWs
 * -Dbench.args="resume 16 10000"}. With {@code -Dprobe.profile=cpu} (or {@code alloc}) async-profiler
 * records the second pass (the first warms up) and writes a flame graph to {@code -Dprobe.out}
 * ({@code profile.html} by default). {@code -Dprobe.defaultWorkers=true} runs the server on Grizzly's
 * default worker pool instead of the bench's 64 workers (docs/profile.md, part 1).
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
            String profile = System.getProperty("probe.profile");
            for (int pass = 0; pass < 2; pass++) {
                if (pass == 1 && profile != null) {
                    one.profiler.AsyncProfiler.getInstance().execute("start,event=" + profile + ",interval="
                            + (profile.equals("alloc") ? "256k" : "1ms"));
                }
                Stats s = runner.run(level, List.of(c)).get(c.name());
                if (pass == 1 && profile != null) {
                    String out = System.getProperty("probe.out", "profile.html");
                    one.profiler.AsyncProfiler.getInstance().execute("stop,file=" + out + ",title=" + what + " at "
                            + level + " (" + profile + ")");
                    System.out.println("flame graph: " + out);
                }
                System.out.printf("pass %d %s @%d: %.0f ops/s, p50 %.3f ms, p99 %.3f ms, CPU %.1f us/op, %.0f B/op "
                        + "allocated%n", pass, c.name(), level, s.throughput(), s.millis(50), s.millis(99),
                        s.clientCpuMicros(), s.allocatedPerOp());
            }
            c.close();
        } finally {
            server.stop();
            library.close();
        }
        System.exit(0);
    }
}

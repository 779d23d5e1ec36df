package io.github.wsmysqlsession.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 3. Memory: retained heap per idle connection, with the library's endpoint (each session resumed,
 * 10 keys loaded) and with a plain endpoint, each in a server JVM of its own with the default heap.
 * Retained heap = the live objects that {@code jcmd GC.class_histogram} counts (it runs a full GC),
 * with the connections open minus before them.
 */
final class MemorySection {

    private MemorySection() {
    }

    static void run(Bench.Run run) throws Exception {
        int wanted = run.quick ? 500 : 10_000;
        long fdLimit = fdLimit();
        int count = (int) Math.min(wanted, Math.max(100, fdLimit - 500));
        if (count < wanted) {
            System.err.println("open files limit is " + fdLimit + " (ulimit -n): measuring " + count
                    + " connections instead of " + wanted);
        }
        Db.sessionTable(run.auto, "bench_m_lib");
        String[] tokens = Db.insertSessions(run.auto, "bench_m_lib", count + 200);
        Result plain = measure(run, "plain", count, null);
        Result session = measure(run, "session", count, tokens);

        Table t = new Table("server", "connections held", "heap before", "heap with connections", "per connection");
        t.add("Tyrus + Grizzly, plain echo endpoint", plain.held + " / " + count, kib(plain.before),
                kib(plain.after), bytes(plain.perConnection()));
        t.add("Tyrus + Grizzly, library SessionEndpoint, 10 keys each", session.held + " / " + count,
                kib(session.before), kib(session.after), bytes(session.perConnection()));
        double extra = session.perConnection() - plain.perConnection();
        t.add("library's share per session", "", "", "", bytes(extra));
        run.section("3. Memory: retained heap per idle connection", "One server JVM per endpoint (default heap, G1), "
                + count + " WebSocket connections from the bench's JVM (JDK HttpClient) on loopback; each sends one "
                + "frame and gets its answer, then idles: `getToken` resuming a session of 10 keys (100-character "
                + "values) on the library's endpoint, the same frame echoed on the plain one. Heap = bytes of live "
                + "objects by `jcmd <pid> GC.class_histogram` (a full GC), before connecting (after 200 connections "
                + "came and went) and with all connections open.", t);
        StringBuilder top = new StringBuilder("Largest differences per connection, library endpoint minus plain "
                + "endpoint (class histogram):\n\n| class | bytes per connection |\n|---|---|\n");
        Map<String, Double> diff = new HashMap<>();
        session.perClass(count).forEach((k, v) -> diff.merge(k, v, Double::sum));
        plain.perClass(count).forEach((k, v) -> diff.merge(k, -v, Double::sum));
        diff.entrySet().stream().filter(e -> Math.abs(e.getValue()) >= 20)
                .sorted((a, b) -> Double.compare(Math.abs(b.getValue()), Math.abs(a.getValue()))).limit(14)
                .forEach(e -> top.append("| `").append(e.getKey()).append("` | ")
                        .append(String.format("%.0f", e.getValue())).append(" |\n"));
        run.note(top.toString());
        boolean met = session.held == count && count >= 10_000 && extra < 4096;
        run.target("Memory: 10,000 connections on one server with the default heap; library adds < 4 KiB per idle "
                + "session with 10 keys", met, String.format("%d of %d held; %s per connection plain, %s with the "
                + "library: +%s", session.held, count, bytes(plain.perConnection()), bytes(session.perConnection()),
                bytes(extra)));
    }

    private static Result measure(Bench.Run run, String mode, int count, String[] tokens) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MemoryServer.class.getName(), mode,
                String.valueOf(port)));
        if (tokens != null) {
            cmd.add(run.url);
            cmd.add("bench_m_lib");
        }
        Process server = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Result r = new Result();
        HttpClient client = HttpClient.newHttpClient();
        List<WebSocket> open = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY ")) {
                throw new IllegalStateException("memory server did not start: " + ready);
            }
            long pid = Long.parseLong(ready.substring(6).trim());
            long t0 = System.nanoTime();
            URI uri = URI.create("ws://127.0.0.1:" + port + "/ws");
            // warm-up: 200 connections come and go, so that classes and pools exist before the baseline
            List<WebSocket> warm = connect(client, uri, 200, tokens, count);
            for (WebSocket ws : warm) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
            }
            Thread.sleep(1000);
            long t1 = System.nanoTime();
            r.before = histogram(pid, r.classesBefore);
            long t2 = System.nanoTime();
            System.out.println("memory, " + mode + ": " + count + " connections ...");
            open = connect(client, uri, count, tokens, 0);
            r.held = open.size();
            Thread.sleep(500);
            long t3 = System.nanoTime();
            r.after = histogram(pid, r.classesAfter);
            r.count = count;
            System.out.printf("  (warm-up %.1f s, histogram %.1f s, %d connections %.1f s, histogram %.1f s)%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, count, (t3 - t2) / 1e9, (System.nanoTime() - t3) / 1e9);
        } finally {
            for (WebSocket ws : open) {
                ws.abort();
            }
            server.destroy(); // measured: nothing to shut down gracefully
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
        return r;
    }

    /** Opens {@code n} connections, each sending one frame and waiting for the answer. */
    private static List<WebSocket> connect(HttpClient client, URI uri, int n, String[] tokens, int tokenOffset)
            throws Exception {
        Semaphore inFlight = new Semaphore(400);
        List<CompletableFuture<WebSocket>> all = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            String frame = WsContender.getToken(tokens == null ? Db.token() : tokens[tokenOffset + i]);
            inFlight.acquire();
            CompletableFuture<String> answer = new CompletableFuture<>();
            CompletableFuture<WebSocket> done = client.newWebSocketBuilder().connectTimeout(java.time.Duration
                    .ofSeconds(30)).buildAsync(uri, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            answer.complete(data.toString());
                            ws.request(1);
                            return null;
                        }
                    }).thenCompose(ws -> ws.sendText(frame, true)).thenCompose(ws -> answer.thenApply(a -> {
                        if (tokens != null && !a.contains("\"errors\":\"\"")) {
                            failures.incrementAndGet();
                        }
                        return ws;
                    })).whenComplete((ws, e) -> inFlight.release());
            all.add(done);
        }
        List<WebSocket> open = new ArrayList<>();
        for (CompletableFuture<WebSocket> f : all) {
            try {
                open.add(f.get(60, TimeUnit.SECONDS));
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        }
        if (failures.get() > 0) {
            System.err.println("  " + failures.get() + " of " + n + " connections failed or were not resumed");
        }
        return open;
    }

    /** @return the total bytes of live objects; fills {@code perClass} */
    private static long histogram(long pid, Map<String, Long> perClass) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
        long total = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3 && f[0].equals("Total")) {
                    total = Long.parseLong(f[2]);
                } else if (f.length >= 4 && f[0].endsWith(":")) {
                    perClass.put(f[3], Long.parseLong(f[2]));
                }
            }
        }
        p.waitFor();
        if (total < 0) {
            throw new IllegalStateException("jcmd GC.class_histogram gave no total for pid " + pid);
        }
        return total;
    }

    private static long fdLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return Long.parseLong(line.substring(25).trim().split("\\s+")[0]);
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return Long.MAX_VALUE;
    }

    private static String kib(long bytes) {
        return String.format("%,.0f KiB", bytes / 1024.0);
    }

    private static String bytes(double bytes) {
        return String.format("%,.0f B (%.1f KiB)", bytes, bytes / 1024.0);
    }

    private static final class Result {
        long before;
        long after;
        int held;
        int count;
        final Map<String, Long> classesBefore = new HashMap<>();
        final Map<String, Long> classesAfter = new HashMap<>();

        double perConnection() {
            return (after - before) / (double) count;
        }

        Map<String, Double> perClass(int n) {
            Map<String, Double> m = new HashMap<>();
            classesAfter.forEach((k, v) -> m.put(k, (v - classesBefore.getOrDefault(k, 0L)) / (double) n));
            classesBefore.forEach((k, v) -> m.putIfAbsent(k, -v / (double) n));
            return m;
        }
    }
}

package io.github.wsmysqlsession.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the node:test suites of {@code socketio-tests/} (the real socket.io-client 2.x and 4.x) against
 * a server the Java test started, installing them with {@code npm ci} first when needed; their output
 * goes to the test's standard output.
 */
public final class NodeSuites {

    /** The suites' folder, relative to the build's base directory. */
    public static final Path DIR = Path.of("socketio-tests");

    private NodeSuites() {
    }

    /** @return whether Node.js can be run here */
    public static boolean nodeInstalled() {
        try {
            return new ProcessBuilder("node", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param env what the suites read: {@code SOCKETIO_URL} (the server's origin), {@code SOCKETIO_PATH},
     *     {@code PLAIN_URL}, {@code PING_INTERVAL_MS}, {@code PING_TIMEOUT_MS}, {@code NODE_PACKAGE_DB}
     * @return the exit code of {@code node --test}, or -1 when it did not end within 5 minutes
     */
    public static int run(Map<String, String> env) throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules"))) {
            int installed = exec(Map.of(), Duration.ofMinutes(3), "npm", "ci", "--ignore-scripts", "--no-audit",
                    "--no-fund");
            if (installed != 0) {
                throw new IllegalStateException("npm ci in " + DIR + " failed (exit " + installed + "); see above");
            }
        }
        return exec(env, Duration.ofMinutes(5), "node", "--test", "--test-concurrency=1", "test/");
    }

    private static int exec(Map<String, String> env, Duration limit, String... command)
            throws IOException, InterruptedException {
        File log = Files.createTempFile("socketio-tests", ".log").toFile();
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().putAll(env);
        Process p = pb.start();
        boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        System.out.println(Files.readString(log.toPath(), StandardCharsets.UTF_8));
        Files.deleteIfExists(log.toPath());
        return done ? p.exitValue() : -1;
    }
}

package io.github.wsmysqlsession.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures the log records of the test JVM (the library's System.Logger, Hibernate, Tyrus and
 * Grizzly all log through java.util.logging here): every level of the library's own loggers, and
 * INFO and above of everything else (what a server logs unless an operator turns on tracing, which
 * in Hibernate and Tyrus prints bound SQL parameters and whole frames), and fails a test class
 * whose run logged anything shaped like a whole token: 32 base64url characters standing alone.
 * Registered for every test class through {@code META-INF/services} and {@code junit-platform.properties}.
 */
public final class TokenLeakDetector implements BeforeAllCallback, AfterAllCallback {

    private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])");
    private static final Queue<String> LINES = new ConcurrentLinkedQueue<>();
    private static volatile boolean installed;
    /** Held so that its level is not lost to garbage collection. */
    private static final java.util.logging.Logger LIBRARY = java.util.logging.Logger.getLogger("io.github.wsmysqlsession");

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
        LINES.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> leaks = new ArrayList<>();
        for (String line; (line = LINES.poll()) != null;) {
            if (!tokensIn(line).isEmpty()) {
                leaks.add(line);
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError("Log lines with a whole token in them:\n" + String.join("\n", leaks));
        }
    }

    /** @return the token-shaped words of a text */
    public static List<String> tokensIn(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        SimpleFormatter formatter = new SimpleFormatter();
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        LIBRARY.setLevel(Level.ALL);
        for (Handler h : root.getHandlers()) {
            if (h.getLevel().intValue() < Level.INFO.intValue()) {
                h.setLevel(Level.INFO); // keep the console as it was
            }
        }
        LogCapture.start("", record -> {
            StringBuilder line = new StringBuilder(record.getLoggerName() + ": " + formatter.formatMessage(record));
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            LINES.add(line.toString());
            return false;
        }); // never closed: it watches the whole test JVM
        installed = true;
    }
}

package io.github.wsmysqlsession.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures the java.util.logging records of a logger and its children (the library's System.Logger,
 * Hibernate, Tyrus and Grizzly all log there in the tests) while it is open.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final Predicate<LogRecord> filter;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger, Predicate<LogRecord> filter) {
        this.logger = logger;
        this.filter = filter;
    }

    /**
     * @param loggerName the logger to capture, {@code ""} for all
     * @param filter which records to keep
     * @return a capture, started; close it to stop
     */
    public static LogCapture start(String loggerName, Predicate<LogRecord> filter) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName), filter);
        capture.logger.addHandler(capture);
        return capture;
    }

    /** @return what was captured so far, oldest first */
    public List<LogRecord> records() {
        return records;
    }

    @Override
    public void publish(LogRecord record) {
        if (filter.test(record)) {
            records.add(record);
        }
    }

    @Override
    public void flush() {
        // nothing buffered
    }

    /** Stops capturing. */
    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

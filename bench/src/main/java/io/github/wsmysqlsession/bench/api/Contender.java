package io.github.wsmysqlsession.bench.api;

/**
 * One way of doing the measured operation (a write, a resume, a read). The harness calls
 * {@link #prepare(int)} once per concurrency level, then {@link #worker(int)} once per thread and round,
 * and runs each worker's operation in a loop on its own thread.
 */
public interface Contender extends AutoCloseable {

    /** @return the row label in the table */
    String name();

    /**
     * Makes at least {@code sessions} sessions ready (rows with 10 keys, connections open), outside
     * the measured time; sessions made for an earlier, smaller level are kept and reused.
     */
    void prepare(int sessions) throws Exception;

    /** @return the operation worker {@code index} (0 .. sessions-1) runs; it owns session {@code index} */
    Op worker(int index) throws Exception;

    @Override
    default void close() throws Exception {
    }

    /** One measured operation. */
    @FunctionalInterface
    interface Op {
        /** @param seq a per-worker counter, to vary keys and values */
        void run(long seq) throws Exception;
    }
}

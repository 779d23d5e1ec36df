package io.github.wsmysqlsession.bench;

import org.HdrHistogram.Histogram;

/** What one contender did at one concurrency level, summed over its measured rounds. */
final class Stats {

    final Histogram latency = new Histogram(3_600_000_000_000L, 3);
    long ops;
    long errors;
    long nanos;
    long clientCpuNanos;
    long dbCpuNanos = -1;
    /** Bytes allocated by all of this JVM's threads (clients, server, pool) in the measured rounds. */
    long allocatedBytes;
    String firstError;
    /** Throughput of each measured round, in the order the rounds ran. */
    final java.util.List<Double> rounds = new java.util.ArrayList<>();

    /** Adds a measured round. */
    void addRound(Stats round) {
        add(round);
        rounds.add(round.throughput());
    }

    /**
     * The ratio of this contender's throughput to another's, round by round (the two ran next to each
     * other in each round), then the median: a burst of load from a neighbour moves one round, not
     * the figure.
     */
    double ratioTo(Stats other) {
        int n = Math.min(rounds.size(), other.rounds.size());
        if (n == 0) {
            return Double.NaN;
        }
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = rounds.get(i) / other.rounds.get(i);
        }
        java.util.Arrays.sort(r);
        return n % 2 == 1 ? r[n / 2] : (r[n / 2 - 1] + r[n / 2]) / 2;
    }

    void add(Stats round) {
        latency.add(round.latency);
        ops += round.ops;
        errors += round.errors;
        nanos += round.nanos;
        clientCpuNanos += round.clientCpuNanos;
        allocatedBytes += round.allocatedBytes;
        if (round.dbCpuNanos >= 0) {
            dbCpuNanos = Math.max(dbCpuNanos, 0) + round.dbCpuNanos;
        }
        if (firstError == null) {
            firstError = round.firstError;
        }
    }

    /** @return operations per second */
    double throughput() {
        return nanos == 0 ? 0 : ops * 1e9 / nanos;
    }

    /** @return the latency at a percentile, in milliseconds */
    double millis(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
    }

    /** @return this JVM's CPU time per operation, microseconds */
    double clientCpuMicros() {
        return ops == 0 ? Double.NaN : clientCpuNanos / 1e3 / ops;
    }

    /** @return bytes allocated in this JVM per operation (client and server alike) */
    double allocatedPerOp() {
        return ops == 0 ? Double.NaN : allocatedBytes / (double) ops;
    }

    /** @return the database server's CPU time per operation, microseconds, or NaN when unknown */
    double dbCpuMicros() {
        return ops == 0 || dbCpuNanos < 0 ? Double.NaN : dbCpuNanos / 1e3 / ops;
    }
}

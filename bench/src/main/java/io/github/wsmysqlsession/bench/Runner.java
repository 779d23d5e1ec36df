package io.github.wsmysqlsession.bench;

import io.github.wsmysqlsession.bench.api.Contender;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs contenders side by side: at one concurrency level, every contender gets a warm-up round, then
 * rounds alternate between contenders (the order rotating each round), so that a noisy neighbour on a
 * shared machine slows all of them alike and the ratios hold.
 */
final class Runner {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final int rounds;
    private final long roundMillis;
    private final long warmupMillis;
    private final long dbPid;

    Runner(int rounds, long roundMillis, long warmupMillis, long dbPid) {
        this.rounds = rounds;
        this.roundMillis = roundMillis;
        this.warmupMillis = warmupMillis;
        this.dbPid = dbPid;
    }

    /** @return this JVM's CPU time in nanoseconds */
    static long processCpu() {
        return OS.getProcessCpuTime();
    }

    Map<String, Stats> run(int level, List<? extends Contender> contenders) throws Exception {
        Map<String, Stats> out = new LinkedHashMap<>();
        for (Contender c : contenders) {
            c.prepare(level);
            out.put(c.name(), new Stats());
        }
        for (Contender c : contenders) {
            round(c, level, warmupMillis);
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < contenders.size(); i++) {
                Contender c = contenders.get((i + r) % contenders.size());
                out.get(c.name()).addRound(round(c, level, roundMillis));
            }
        }
        return out;
    }

    /** Runs each contender unrecorded, so that the JIT has compiled all of them before the first level. */
    void warm(int level, List<? extends Contender> contenders, long millis) throws Exception {
        for (Contender c : contenders) {
            c.prepare(level);
            round(c, level, millis);
        }
    }

    private Stats round(Contender contender, int level, long millis) throws Exception {
        List<Contender.Op> ops = new ArrayList<>(level);
        for (int i = 0; i < level; i++) {
            ops.add(contender.worker(i));
        }
        Stats[] perThread = new Stats[level];
        long[] ownAllocations = new long[level];
        Thread[] threads = new Thread[level];
        CountDownLatch ready = new CountDownLatch(level);
        CountDownLatch go = new CountDownLatch(1);
        long[] deadline = new long[1];
        for (int i = 0; i < level; i++) {
            Stats s = new Stats();
            perThread[i] = s;
            Contender.Op op = ops.get(i);
            int index = i;
            threads[i] = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long allocated0 = THREADS.getCurrentThreadAllocatedBytes();
                long end = deadline[0];
                long seq = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    try {
                        op.run(seq++);
                    } catch (Exception | Error e) {
                        s.errors++;
                        if (s.firstError == null) {
                            s.firstError = e.toString();
                        }
                        continue;
                    }
                    long t1 = System.nanoTime();
                    if (t1 <= end) {
                        s.latency.recordValue(t1 - t0);
                        s.ops++;
                    }
                }
                ownAllocations[index] = THREADS.getCurrentThreadAllocatedBytes() - allocated0;
            }, contender.name() + "-" + i);
            threads[i].start();
        }
        ready.await();
        Map<Long, Long> allocated0 = otherThreadsAllocated(threads);
        long cpu0 = OS.getProcessCpuTime();
        long db0 = dbCpu();
        long start = System.nanoTime();
        deadline[0] = start + millis * 1_000_000L;
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        Stats total = new Stats();
        for (Stats s : perThread) {
            total.add(s);
        }
        total.nanos = millis * 1_000_000L;
        total.clientCpuNanos = OS.getProcessCpuTime() - cpu0;
        long allocated = 0;
        for (var e : otherThreadsAllocated(threads).entrySet()) {
            allocated += e.getValue() - allocated0.getOrDefault(e.getKey(), 0L);
        }
        for (long own : ownAllocations) {
            allocated += own;
        }
        total.allocatedBytes = allocated;
        long db1 = dbCpu();
        total.dbCpuNanos = db0 < 0 || db1 < 0 ? -1 : db1 - db0;
        if (total.firstError != null && total.errors > 0) {
            System.err.println("  " + contender.name() + " @" + level + ": " + total.errors + " errors, first: "
                    + total.firstError);
        }
        return total;
    }

    /**
     * @return bytes allocated so far by each live thread of this JVM but the given ones (the round's
     *     own threads measure themselves: they end before the round is summed up)
     */
    private static Map<Long, Long> otherThreadsAllocated(Thread[] own) {
        java.util.Set<Long> skip = new java.util.HashSet<>();
        for (Thread t : own) {
            skip.add(t.getId());
        }
        long[] ids = java.util.Arrays.stream(THREADS.getAllThreadIds()).filter(id -> !skip.contains(id)).toArray();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> out = new java.util.HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                out.put(ids[i], bytes[i]);
            }
        }
        return out;
    }

    /** @return CPU time of the database server process in nanoseconds, or -1 when it is not on this machine */
    long dbCpu() {
        if (dbPid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + dbPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
            return ticks * 10_000_000L; // USER_HZ is 100 on Linux
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * @param port the database's TCP port
     * @return the pid of a local mariadbd/mysqld listening on that port, or -1
     */
    static long findDbPid(int port) {
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) dirs::iterator) {
                String name = p.getFileName().toString();
                if (!name.matches("\\d+")) {
                    continue;
                }
                try {
                    String comm = Files.readString(p.resolve("comm")).trim();
                    if (!comm.equals("mariadbd") && !comm.equals("mysqld")) {
                        continue;
                    }
                    String cmd = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (cmd.contains("--port=" + port) || (port == 3306 && !cmd.contains("--port="))) {
                        return Long.parseLong(name);
                    }
                } catch (Exception e) {
                    // gone or not readable
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}

package io.github.wsmysqlsession.bench;

import java.util.HashMap;
import java.util.Map;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;

/**
 * The bench's Tyrus servers (Grizzly), every one with the same worker pool.
 *
 * <p>Grizzly's default worker pool is as small as two threads per core (4 here), and the endpoints
 * run on it: a handler that waits for the database (a resume, a {@code set}) holds a worker until
 * the answer comes, so at most 4 resumes are in flight however many clients wait, and what is
 * measured is that pool rather than the library or the database. A server that does blocking work in
 * its handlers is sized like its database pool, as WildFly's (16 workers per core), Payara's and
 * Tomcat's (200) are by default; the README says so for standalone users. The echo endpoint gets the
 * same pool, so the floor is measured on the same server.
 */
final class TyrusServers {

    /** The bench's database pools have 64 connections at most. */
    static final int WORKERS = 64;

    private TyrusServers() {
    }

    /** @return a Tyrus server container with {@link #WORKERS} workers and the given properties */
    static ServerContainer create(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        all.put(GrizzlyServerContainer.WORKER_THREAD_POOL_CONFIG,
                ThreadPoolConfig.defaultConfig().setCorePoolSize(WORKERS).setMaxPoolSize(WORKERS));
        return ServerContainerFactory.createServerContainer(all);
    }
}

package io.github.wsmysqlsession.internal.store.mysql;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Query;
import java.util.function.Function;

/**
 * Runs work of several statements in one resource-local JPA transaction on the library's persistence
 * unit ({@link SessionPersistence}): the rotation, the sweeper's delete, the table check. Statements
 * carry the query timeout as a hint. Thread-safe.
 */
final class JpaTransactions {

    private static final String TIMEOUT_HINT = "jakarta.persistence.query.timeout";

    private final EntityManagerFactory emf;
    private final int timeoutMillis;
    private final StoreErrors errors;

    JpaTransactions(EntityManagerFactory emf, int timeoutMillis, StoreErrors errors) {
        this.emf = emf;
        this.timeoutMillis = timeoutMillis;
        this.errors = errors;
    }

    /** @return a native query with the timeout hint */
    Query query(EntityManager em, String sql) {
        return em.createNativeQuery(sql).setHint(TIMEOUT_HINT, timeoutMillis);
    }

    /** @return a native query mapping rows to {@code type}, with the timeout hint */
    Query query(EntityManager em, String sql, Class<?> type) {
        return em.createNativeQuery(sql, type).setHint(TIMEOUT_HINT, timeoutMillis);
    }

    /** Runs {@code work} without a transaction. */
    <T> T read(String action, Function<EntityManager, T> work) {
        EntityManager em = null;
        try {
            em = emf.createEntityManager();
            return work.apply(em);
        } catch (RuntimeException e) {
            throw errors.translate(action, e, false);
        } finally {
            if (em != null) {
                em.close();
            }
        }
    }

    /** Runs {@code work} in one transaction, committed when it returns and rolled back when it throws. */
    <T> T write(String action, Function<EntityManager, T> work) {
        EntityManager em = null;
        EntityTransaction tx = null;
        try {
            em = emf.createEntityManager();
            tx = em.getTransaction();
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(tx, e);
            // a failed statement is rolled back here; only a connection that broke leaves the commit unknown
            throw errors.translate(action, e, StoreErrors.connectionLost(e));
        } finally {
            if (em != null) {
                em.close();
            }
        }
    }

    private static void rollbackQuietly(EntityTransaction tx, RuntimeException failure) {
        try {
            if (tx != null && tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}

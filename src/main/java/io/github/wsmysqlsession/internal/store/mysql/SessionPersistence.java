package io.github.wsmysqlsession.internal.store.mysql;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceProvider;
import jakarta.persistence.spi.PersistenceProviderResolverHolder;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.security.CodeSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Builds the library's own persistence unit, holding only {@link SessionEntity}, over a
 * {@link DataSource}, with whatever JPA provider is present (Hibernate, EclipseLink). Needs no
 * {@code persistence.xml}, so it never clashes with the application's persistence units, and uses
 * resource-local transactions so that every write is one short, self-committed transaction.
 */
public final class SessionPersistence {

    /** The name of the library's persistence unit. */
    public static final String UNIT_NAME = "websocket-mysql-session";

    private SessionPersistence() {
    }

    /**
     * The properties Hibernate needs on MariaDB, in a server and standalone: mysql-connector-j 9 asks MariaDB 11 for
     * {@code INFORMATION_SCHEMA.KEYWORDS.RESERVED}, which only MySQL has, so Hibernate's metadata
     * look-up at boot fails; skip the look-up and tell Hibernate the database and its version, from which
     * it picks the dialect. Other providers ignore them. When the database cannot be reached now, the
     * oldest MySQL is named (the library's statements are native SQL, which the dialect does not change).
     *
     * @param dataSource connections to the database
     * @return the properties to pass to {@link #createEntityManagerFactory}
     */
    public static Map<String, Object> providerDefaults(DataSource dataSource) {
        Map<String, Object> props = new HashMap<>();
        props.put("hibernate.boot.allow_jdbc_metadata_access", "false");
        try (Connection c = dataSource.getConnection()) {
            // mysql-connector-j reports MariaDB as MySQL "5.5.5-10.11.6-MariaDB"
            String version = c.getMetaData().getDatabaseProductVersion();
            Matcher mariaDb = MARIADB_VERSION.matcher(version);
            boolean isMariaDb = mariaDb.find();
            props.put("jakarta.persistence.database-product-name", isMariaDb ? "MariaDB" : "MySQL");
            props.put("jakarta.persistence.database-major-version",
                    isMariaDb ? mariaDb.group(1) : Integer.toString(c.getMetaData().getDatabaseMajorVersion()));
            props.put("jakarta.persistence.database-minor-version",
                    isMariaDb ? mariaDb.group(2) : Integer.toString(c.getMetaData().getDatabaseMinorVersion()));
        } catch (SQLException e) {
            // the database may come up later: the oldest MySQL Hibernate supports (statements are native SQL)
            props.put("jakarta.persistence.database-product-name", "MySQL");
        }
        return props;
    }

    private static final Pattern MARIADB_VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.\\d+-MariaDB");

    /**
     * @param dataSource connections to the MySQL or MariaDB database holding the session table
     * @param properties provider properties added to the library's own, may be empty
     * @return a new factory; the caller closes it
     * @throws IllegalStateException when no JPA provider is on the class path
     */
    public static EntityManagerFactory createEntityManagerFactory(DataSource dataSource, Map<String, ?> properties) {
        List<PersistenceProvider> providers = PersistenceProviderResolverHolder.getPersistenceProviderResolver()
                .getPersistenceProviders();
        if (providers.isEmpty()) {
            throw new IllegalStateException("No JPA provider found: add Hibernate ORM or EclipseLink to the class path "
                    + "(a Jakarta EE server has one)");
        }
        Map<String, Object> props = new HashMap<>();
        // EclipseLink: no weaving (no agent in a plain JVM); Hibernate: never touch the schema.
        props.put("eclipselink.weaving", "false");
        props.put("hibernate.hbm2ddl.auto", "none");
        props.put("jakarta.persistence.schema-generation.database.action", "none");
        props.putAll(properties);
        return providers.get(0).createContainerEntityManagerFactory(new UnitInfo(dataSource), props);
    }

    private record UnitInfo(DataSource dataSource) implements PersistenceUnitInfo {

        @Override
        public String getPersistenceUnitName() {
            return UNIT_NAME;
        }

        @Override
        public String getPersistenceProviderClassName() {
            return null;
        }

        @Override
        public PersistenceUnitTransactionType getTransactionType() {
            return PersistenceUnitTransactionType.RESOURCE_LOCAL;
        }

        @Override
        public DataSource getJtaDataSource() {
            return null;
        }

        @Override
        public DataSource getNonJtaDataSource() {
            return dataSource;
        }

        @Override
        public List<String> getMappingFileNames() {
            return List.of();
        }

        @Override
        public List<URL> getJarFileUrls() {
            return List.of();
        }

        @Override
        public URL getPersistenceUnitRootUrl() {
            CodeSource source = SessionEntity.class.getProtectionDomain().getCodeSource();
            return source == null ? null : source.getLocation();
        }

        @Override
        public List<String> getManagedClassNames() {
            return List.of(SessionEntity.class.getName());
        }

        @Override
        public boolean excludeUnlistedClasses() {
            return true;
        }

        @Override
        public SharedCacheMode getSharedCacheMode() {
            return SharedCacheMode.NONE;
        }

        @Override
        public ValidationMode getValidationMode() {
            return ValidationMode.NONE;
        }

        @Override
        public Properties getProperties() {
            return new Properties();
        }

        @Override
        public String getPersistenceXMLSchemaVersion() {
            return "3.0";
        }

        @Override
        public ClassLoader getClassLoader() {
            return SessionEntity.class.getClassLoader();
        }

        @Override
        public void addTransformer(ClassTransformer transformer) {
            // no load-time weaving: the entity is used for reads only
        }

        @Override
        public ClassLoader getNewTempClassLoader() {
            return SessionEntity.class.getClassLoader();
        }
    }
}

package io.github.wsmysqlsession;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shape of the library: every import points down, from the API's entry points through the CDI
 * glue and the endpoint, core and the store to the API's vocabulary (the interfaces, records and
 * exceptions every layer speaks); core knows the store only by its interface; and the public API is
 * the root package alone, at most 16 types (14, and the two of HTTP requests) plus socket.io's three.
 */
class ArchitectureTest {

    static final String ROOT = "io.github.wsmysqlsession";
    /** The root package's classes that assemble the layers below them. */
    static final Set<String> ENTRY_POINTS = Set.of("SessionManager", "SessionManager$Builder",
            "SocketSessionAccessor", "MySqlSessionConfigurator", "RequestSessions");

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

    static DescribedPredicate<JavaClass> root(boolean entryPoint) {
        return DescribedPredicate.describe(entryPoint ? "the API's entry points" : "the API's vocabulary",
                c -> c.getPackageName().equals(ROOT) && ENTRY_POINTS.contains(baseName(c)) == entryPoint);
    }

    /** @return the simple name with its enclosing classes, e.g. {@code SessionManager$Builder} */
    static String baseName(JavaClass c) {
        return c.getName().substring(ROOT.length() + 1);
    }

    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Entry").definedBy(root(true))
                .layer("Glue").definedBy(ROOT + ".internal.cdi..", ROOT + ".internal.endpoint..",
                        ROOT + ".internal.socketio..", ROOT + ".internal.http..")
                .layer("Core").definedBy(ROOT + ".internal.core..")
                .layer("MySqlStore").definedBy(ROOT + ".internal.store.mysql..")
                .layer("Store").definedBy(ROOT + ".internal.store")
                .layer("Protocol").definedBy(ROOT + ".internal.protocol..")
                .layer("Json").definedBy(ROOT + ".internal.json..")
                .layer("Vocabulary").definedBy(root(false))
                .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
                .whereLayer("Glue").mayOnlyBeAccessedByLayers("Entry")
                .whereLayer("Core").mayOnlyBeAccessedByLayers("Entry", "Glue")
                .whereLayer("MySqlStore").mayOnlyBeAccessedByLayers("Entry", "Glue")
                .whereLayer("Store").mayOnlyBeAccessedByLayers("Entry", "Glue", "Core", "MySqlStore")
                .whereLayer("Protocol").mayOnlyBeAccessedByLayers("Core", "Glue")
                .whereLayer("Json").mayOnlyBeAccessedByLayers("Core", "MySqlStore", "Protocol", "Glue")
                .whereLayer("Vocabulary").mayOnlyBeAccessedByLayers("Entry", "Glue", "Core", "MySqlStore", "Store",
                        "Protocol", "Json");
    }

    @Test
    void importsPointDownFromTheEntryPointsToTheVocabulary() {
        layers().check(MAIN);
    }

    /** The rule is not vacuous: a core class of the test tree that uses an entry point breaks it. */
    @Test
    void anArrowBackFailsTheRule() {
        ImportOption mainAndFixture = location -> ImportOption.Predefined.DO_NOT_INCLUDE_TESTS.includes(location)
                || location.contains("ArchitectureFixture");
        JavaClasses withFixture = new ClassFileImporter().withImportOption(mainAndFixture).importPackages(ROOT);
        EvaluationResult result = layers().evaluate(withFixture);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("ArchitectureFixture"));
    }

    /**
     * Issue 13: the session API is at most 14 public types; the socket.io endpoint (issue 12) adds
     * its own three (the handler, the event, the socket) and no more. Issue 14 raised the bound to 16,
     * deliberately, for the session of an HTTP request: {@code RequestSessions} and the
     * {@code RequiresSession} annotation.
     */
    @Test
    void thePublicApiIsTheRootPackageAndAtMostSixteenTypesPlusSocketIosThree() {
        List<String> publicTypes = MAIN.stream()
                .filter(c -> c.getModifiers().contains(JavaModifier.PUBLIC) && isVisible(c))
                .filter(c -> !c.getPackageName().contains(".internal")).map(ArchitectureTest::baseName).sorted()
                .toList();
        assertThat(publicTypes.stream().filter(n -> n.startsWith("SocketIo")))
                .containsExactlyInAnyOrder("SocketIoHandler", "SocketIoEvent", "SocketIoSocket");
        assertThat(publicTypes.stream().filter(n -> !n.startsWith("SocketIo"))).hasSizeLessThanOrEqualTo(16).contains("SocketSession", "SocketSessionAccessor",
                "RequestSessions", "RequiresSession",
                "MySqlSessionConfigurator", "SessionSettings", "SessionEvent", "SessionStoreException", "SessionManager");
        assertThat(MAIN.stream().map(JavaClass::getPackageName).distinct())
                .allMatch(p -> p.equals(ROOT) || p.startsWith(ROOT + ".internal."));
    }

    /**
     * Issue 14: the Servlet and Jakarta REST APIs are provided and optional; only the HTTP request
     * types, {@code internal.http} and the socket.io transports touch them, so that a standalone
     * application without them (Tyrus with Grizzly) never loads a class that needs them.
     */
    @Test
    void onlyTheHttpTypesTouchTheServletAndRestApis() {
        List<String> rest = MAIN.stream().filter(c -> dependsOn(c, "jakarta.ws.rs.")).map(ArchitectureTest::baseName)
                .sorted().toList();
        assertThat(rest).allMatch(n -> n.equals("RequestSessions") || n.equals("RequiresSession")
                || n.startsWith("internal.http."));
        List<String> servlet = MAIN.stream().filter(c -> dependsOn(c, "jakarta.servlet."))
                .map(ArchitectureTest::baseName).sorted().toList();
        // SessionManager names Servlet only as the return type of socketIoPollingServlet(), called by servlet users
        assertThat(servlet).allMatch(n -> n.equals("RequestSessions") || n.equals("SessionManager")
                || n.startsWith("internal.http.")
                || n.startsWith("internal.socketio.") || n.startsWith("internal.cdi.SocketIoInitializer"));
        assertThat(rest).contains("RequestSessions", "RequiresSession", "internal.http.RequiresSessionFilter");
    }

    private static boolean dependsOn(JavaClass c, String packagePrefix) {
        return c.getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getName().startsWith(packagePrefix))
                || c.getAnnotations().stream().anyMatch(a -> a.getRawType().getName().startsWith(packagePrefix));
    }

    /** @return whether the class and every class enclosing it are public */
    private static boolean isVisible(JavaClass c) {
        for (JavaClass e = c; e != null; e = e.getEnclosingClass().orElse(null)) {
            if (!e.getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }
}

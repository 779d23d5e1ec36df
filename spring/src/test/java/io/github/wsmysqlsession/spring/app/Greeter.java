package io.github.wsmysqlsession.spring.app;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** An application bean the endpoint gets by constructor injection; also counts released endpoints. */
@Component
public class Greeter {

    private final AtomicInteger endpointsDestroyed = new AtomicInteger();

    /** @return a greeting */
    String greet(String name) {
        return "Hello, " + name;
    }

    void endpointDestroyed() {
        endpointsDestroyed.incrementAndGet();
    }

    /** @return how many endpoint instances Spring has destroyed ({@code @PreDestroy}) */
    public int endpointsDestroyed() {
        return endpointsDestroyed.get();
    }
}

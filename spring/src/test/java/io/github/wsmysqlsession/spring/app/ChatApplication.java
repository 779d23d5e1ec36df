package io.github.wsmysqlsession.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

/** A Spring Boot application as a user writes it: one session-enabled endpoint, one bean it uses. */
@SpringBootApplication
public class ChatApplication {

    /** @return deploys the {@code @ServerEndpoint} classes to Tomcat's WebSocket container */
    @Bean
    ServerEndpointExporter serverEndpointExporter() {
        ServerEndpointExporter exporter = new ServerEndpointExporter();
        exporter.setAnnotatedEndpointClasses(ChatEndpoint.class);
        return exporter;
    }
}

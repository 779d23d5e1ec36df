package io.github.wsmysqlsession.spring;

import io.github.wsmysqlsession.SessionManager;
import io.github.wsmysqlsession.internal.endpoint.EndpointFactories;
import io.github.wsmysqlsession.internal.endpoint.EndpointFactory;
import io.github.wsmysqlsession.internal.endpoint.ManagerServices;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;

/**
 * Makes each connection's instance of a {@code MySqlSessionConfigurator} endpoint, as CDI does in a
 * Jakarta EE server: a new instance per connection, created and autowired by the application context
 * (constructor and field injection, {@code @PostConstruct}), even when the class is also a bean;
 * wrapped in a class proxy whose {@link GetTokenAdvice} answers {@code getToken}; destroyed
 * ({@code @PreDestroy}) after its {@code @OnClose}. The proxy is a subclass made by CGLIB, so neither
 * the endpoint class nor its WebSocket methods may be final (a final method would run on the proxy's
 * empty fields). Installed while the context is up.
 */
final class SpringEndpointFactory implements EndpointFactory, InitializingBean, DisposableBean {

    private final AutowireCapableBeanFactory beanFactory;
    private final GetTokenAdvice advice;

    SpringEndpointFactory(AutowireCapableBeanFactory beanFactory, SessionManager manager) {
        this.beanFactory = beanFactory;
        this.advice = new GetTokenAdvice(ManagerServices.of(manager), beanFactory::destroyBean);
    }

    @Override
    public void afterPropertiesSet() {
        EndpointFactories.install(this);
    }

    @Override
    public void destroy() {
        EndpointFactories.uninstall(this);
    }

    @Override
    public <T> T create(Class<T> type) throws InstantiationException {
        T target;
        try {
            target = beanFactory.createBean(type);
        } catch (BeansException e) {
            throw failure("Could not create endpoint " + type.getName() + " with the Spring context: "
                    + e.getMessage(), e);
        }
        ProxyFactory proxy = new ProxyFactory(target);
        proxy.setProxyTargetClass(true); // the container calls the endpoint class's own methods on it
        proxy.addAdvice(advice);
        try {
            return type.cast(proxy.getProxy(type.getClassLoader()));
        } catch (RuntimeException e) {
            beanFactory.destroyBean(target);
            throw failure("Could not proxy endpoint " + type.getName() + " (a final class cannot be proxied): "
                    + e.getMessage(), e);
        }
    }

    private static InstantiationException failure(String message, Exception cause) {
        InstantiationException failure = new InstantiationException("websocket-mysql-session: " + message);
        failure.initCause(cause);
        return failure;
    }
}

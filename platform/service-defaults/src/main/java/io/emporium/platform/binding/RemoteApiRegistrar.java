package io.emporium.platform.binding;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.service.annotation.HttpExchange;

/**
 * Binds every service API interface ({@code io.emporium.<service>.api}, annotated with
 * {@link HttpExchange}) that has no local implementation in this process to an HTTP client.
 * The local implementation is the service's controller when the service runs here, so callers
 * inject the interface and cannot tell which binding they got. Remote clients are lazy: a
 * process only needs the URL of a service it actually calls.
 */
public class RemoteApiRegistrar implements BeanDefinitionRegistryPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(RemoteApiRegistrar.class);
    private static final String BASE_PACKAGE = "io.emporium";

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        ConfigurableListableBeanFactory beanFactory = (ConfigurableListableBeanFactory) registry;
        for (Class<?> api : apiInterfaces()) {
            if (beanFactory.getBeanNamesForType(api, true, false).length > 0) {
                continue;
            }
            RootBeanDefinition definition = new RootBeanDefinition(api);
            definition.setLazyInit(true);
            definition.setInstanceSupplier(() -> beanFactory.getBean(RemoteApiFactory.class).client(api));
            String name = "remote" + api.getSimpleName();
            registry.registerBeanDefinition(name, definition);
            log.debug("{} is not local: bound to an HTTP client", api.getSimpleName());
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }

    static List<Class<?>> apiInterfaces() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(org.springframework.beans.factory.annotation.AnnotatedBeanDefinition bd) {
                return bd.getMetadata().isInterface() && bd.getMetadata().getClassName().matches(
                        "io\\.emporium\\.[a-z]+\\.api\\.[A-Za-z]+");
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(HttpExchange.class, false, true));
        List<Class<?>> interfaces = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(BASE_PACKAGE)) {
            interfaces.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), RemoteApiRegistrar.class.getClassLoader()));
        }
        return interfaces;
    }

    /** The service an API belongs to: the package segment after {@code io.emporium}. */
    static String serviceOf(Class<?> api) {
        return api.getPackageName().split("\\.")[2];
    }
}

package io.emporium.platform.service;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Imports the configuration of every declared service, in start order, where it is named (as if
 * each were listed in {@code @Import}). Not an auto-configuration on purpose: the services stay
 * user configuration, registered before Spring Boot's auto-configurations, so that Boot's
 * {@code @ConditionalOnMissingBean} back-offs see their beans; and an application that merely has
 * a service jar on its classpath does not start that service. Each configuration still registers
 * itself only when {@code emporium.services} selects it.
 */
public class ServiceConfigurations implements ImportSelector, BeanClassLoaderAware {

    private ClassLoader classLoader;

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public String[] selectImports(AnnotationMetadata importingClassMetadata) {
        return DeclaredService.discover(classLoader).stream().map(DeclaredService::configuration).toArray(String[]::new);
    }
}

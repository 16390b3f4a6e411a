package io.emporium.platform.service;

import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

class OnServiceCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(EmporiumService.class.getName());
        String service = (String) attributes.get("name");
        return ServiceSelection.from(context.getEnvironment(), context.getClassLoader()).runs(service);
    }
}

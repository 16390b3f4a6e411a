package io.emporium.platform.openapi;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Locale;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Names every operation the same way: a tag per service ({@code catalog}, {@code catalog-internal}),
 * an operation id the operation declares or, failing that, one unique across the platform
 * ({@code internalPaymentOpen}, never {@code cancel_1}), a summary; and a declared success status
 * (201, 202, 204) replaces the 200 that would otherwise be assumed.
 */
public class OperationNaming implements GlobalOperationCustomizer {

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Class<?> type = handler.getBeanType();
        String service = serviceOf(type);
        boolean internal = type.getSimpleName().endsWith("InternalController");
        operation.setTags(List.of(internal ? service + "-internal" : service));
        io.swagger.v3.oas.annotations.Operation declared = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(),
                io.swagger.v3.oas.annotations.Operation.class);
        if (declared == null || declared.operationId().isBlank()) {
            String method = handler.getMethod().getName();
            operation.setOperationId(internal ? "internal" + capitalized(service) + capitalized(method)
                    : service + capitalized(method));
        }
        if (operation.getSummary() == null || operation.getSummary().isBlank()) {
            operation.setSummary(words(handler.getMethod().getName()));
        }
        successStatus(operation);
        return operation;
    }

    /** springdoc assumes 200 beside a declared 201/202/204; the server answers only the declared one. */
    private static void successStatus(Operation operation) {
        ApiResponses responses = operation.getResponses();
        if (responses == null || !responses.containsKey("200")) {
            return;
        }
        List<String> others = responses.keySet().stream().filter(c -> c.startsWith("2") && !c.equals("200")).toList();
        if (others.isEmpty()) {
            return;
        }
        ApiResponse assumed = responses.remove("200");
        for (String code : others) {
            ApiResponse declared = responses.get(code);
            if (declared.getContent() == null && !code.equals("204")) {
                declared.setContent(assumed.getContent());
            }
        }
    }

    static String serviceOf(Class<?> type) {
        String[] parts = type.getPackageName().split("\\.");
        // io.emporium.<service>.web; the launcher's own endpoints are the administration's
        return parts.length > 2 && !parts[2].equals("launcher") ? parts[2] : "admin";
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String words(String camel) {
        String spaced = camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return capitalized(spaced);
    }
}

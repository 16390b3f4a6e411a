package io.emporium.platform.web;

import io.emporium.platform.problem.BadRequestException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Checks that run after a request is mapped to a handler and before the handler runs, so that a
 * refused request has had no effect:
 * <ul>
 * <li>content negotiation: when the client's {@code Accept} admits nothing the handler can write,
 *     the answer is 406 at once (Spring itself would find out only after the handler ran);</li>
 * <li>text: query parameters, path variables and the headers a handler binds pass {@link TextRules}
 *     (the body's strings are checked by {@link StrictJsonModule}).</li>
 * </ul>
 */
public class EdgeChecks implements HandlerInterceptor {

    private final Supplier<List<HttpMessageConverter<?>>> converters;
    private final Map<HandlerMethod, List<MediaType>> producible = new ConcurrentHashMap<>();

    public EdgeChecks(Supplier<List<HttpMessageConverter<?>>> converters) {
        this.converters = converters;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        checkText(request, method);
        checkAcceptable(request, method);
        return true;
    }

    private static void checkText(HttpServletRequest request, HandlerMethod method) {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            check("query parameter", parameter.getKey(), parameter.getKey());
            for (String value : parameter.getValue()) {
                check("query parameter", parameter.getKey(), value);
            }
        }
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables) {
            variables.forEach((name, value) -> check("path segment", String.valueOf(name), String.valueOf(value)));
        }
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
            if (header != null) {
                String name = !header.name().isEmpty() ? header.name() : header.value();
                if (!name.isEmpty()) {
                    for (String value : Collections.list(request.getHeaders(name))) {
                        check("header", name, value);
                    }
                }
            }
        }
    }

    private static void check(String kind, String name, String value) {
        if (value == null) {
            return; // a form parameter without a value (Tomcat gives null for it)
        }
        String violation = TextRules.violation(value, false);
        if (violation != null) {
            String shown = TextRules.violation(name, false) == null && name.length() <= 64 ? name : "(unprintable)";
            throw new BadRequestException("invalid-text", kind + " '" + shown + "' " + violation,
                    Map.of("field", shown));
        }
    }

    private void checkAcceptable(HttpServletRequest request, HandlerMethod method) throws HttpMediaTypeNotAcceptableException {
        if (request.getAttribute(HandlerMapping.PRODUCIBLE_MEDIA_TYPES_ATTRIBUTE) != null) {
            return; // the mapping declares what it produces: Spring has negotiated already
        }
        List<MediaType> types = producible.computeIfAbsent(method, this::producibleTypes);
        if (types.isEmpty()) {
            return; // nothing is written through a converter (no body, or a view)
        }
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        if (accept.isEmpty()) {
            return;
        }
        List<MediaType> acceptable;
        try {
            acceptable = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotAcceptableException("the Accept header cannot be parsed");
        }
        for (MediaType wanted : acceptable) {
            if (wanted.getQualityValue() == 0.0) {
                continue;
            }
            for (MediaType offered : types) {
                if (wanted.isCompatibleWith(offered)) {
                    return;
                }
            }
        }
        throw new HttpMediaTypeNotAcceptableException(types);
    }

    /** What the converters can write for the handler's body type; empty when it writes no body through them. */
    private List<MediaType> producibleTypes(HandlerMethod method) {
        boolean body = AnnotatedElementUtils.hasAnnotation(method.getBeanType(), ResponseBody.class)
                || method.hasMethodAnnotation(ResponseBody.class)
                || HttpEntity.class.isAssignableFrom(method.getReturnType().getParameterType());
        if (!body) {
            return List.of();
        }
        ResolvableType returned = ResolvableType.forMethodParameter(method.getReturnType());
        if (HttpEntity.class.isAssignableFrom(returned.toClass())) {
            returned = returned.as(HttpEntity.class).getGeneric(0);
        }
        Class<?> type = returned.toClass();
        if (type == void.class || type == Void.class) {
            return List.of();
        }
        Set<MediaType> types = new LinkedHashSet<>();
        for (HttpMessageConverter<?> converter : converters.get()) {
            if (converter.canWrite(type, null)) {
                types.addAll(converter.getSupportedMediaTypes(type));
            }
        }
        return List.copyOf(new ArrayList<>(types));
    }
}

package io.emporium.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * Makes each document say what the server does, for every operation at once:
 * <ul>
 * <li>a real title and version, servers from configuration;</li>
 * <li>the bearer scheme, required where the security rules require a token (asked of the security
 *     filter chain itself, not kept in a second list), optional elsewhere;</li>
 * <li>the problem+json answers ({@code Problem}) each kind of operation can give: 400 for input, 401/403
 *     for tokens and roles, 404 for a named resource, 404/409/422 for commands the state or a rule refuses,
 *     413/415 for bodies, 406 for an Accept header it cannot satisfy, 503 with Retry-After when a
 *     database or a dependency is down, 500; plus any the operation declares itself (429);</li>
 * <li>every property of a response-only schema required (the server writes every record component,
 *     null included; nullable ones say so).</li>
 * </ul>
 */
public class ContractCustomizer implements GlobalOpenApiCustomizer {

    public static final String BEARER = "bearerAuth";
    public static final String PROBLEM = "Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final java.util.regex.Pattern INTERNAL = java.util.regex.Pattern.compile("^/api/[^/]+/internal/.*");
    private static final Set<String> COMMANDS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private static final Map<String, String> PROBLEMS = Map.ofEntries(
            Map.entry("400", "The request is malformed or invalid; the problem names the field"),
            Map.entry("401", "A valid bearer token is required: it is missing, expired or not ours"),
            Map.entry("403", "This account may not do this"),
            Map.entry("404", "There is no such resource, or it is not the caller's"),
            Map.entry("406", "The Accept header asks for a representation this operation does not produce"),
            Map.entry("409", "The resource's current state does not allow this"),
            Map.entry("413", "The request body is too large"),
            Map.entry("415", "The request body is not JSON"),
            Map.entry("422", "A business rule refuses the request"),
            Map.entry("429", "Too many requests; Retry-After says when to try again"),
            Map.entry("500", "An unexpected failure on our side; it is logged, and the answer holds no internals"),
            Map.entry("503", "A database or a service this request depends on is unavailable; try again later"
                    + " (Retry-After, when present, says when)"));

    private final ObjectProvider<WebInvocationPrivilegeEvaluator> privileges;
    private final String version;
    private final Authentication anonymous = new AnonymousAuthenticationToken("openapi", "anonymous",
            AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    ContractCustomizer(ObjectProvider<WebInvocationPrivilegeEvaluator> privileges, String version) {
        this.privileges = privileges;
        this.version = version;
    }

    @Override
    public void customise(OpenAPI openApi) {
        boolean internal = openApi.getPaths() != null && !openApi.getPaths().isEmpty()
                && openApi.getPaths().keySet().stream().allMatch(ContractCustomizer::isInternal);
        if (!internal && openApi.getPaths() != null) {
            // the ungrouped /v3/api-docs sees every mapping; it is the public document, like the group "public"
            openApi.getPaths().keySet().removeIf(path -> isInternal(path) || !path.startsWith("/api/"));
        }
        openApi.setInfo(info(internal));
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        openApi.setComponents(components);
        components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT").description(internal
                        ? "A service credential (a token with the SERVICE role) that the platform's services mint"
                        : "An access token from POST /api/identity/tokens, sent as Authorization: Bearer <token>"));
        if (components.getSchemas() != null) {
            components.getSchemas().remove("ProblemDetail");
        }
        components.addSchemas(PROBLEM, problem());
        components.addSchemas(MoneySchema.NAME, MoneySchema.definition());
        if (openApi.getPaths() != null) {
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> describe(path, method, operation)));
        }
        requireResponseFields(openApi);
        lenientEmails(openApi);
        pruneUnreferenced(openApi);
    }

    /**
     * The server checks addresses with Bean Validation's {@code @Email}, which is more lenient than JSON
     * Schema's {@code format: email} (it accepts, say, reserved top-level domains): the document must not
     * refuse what the server takes.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void lenientEmails(OpenAPI openApi) {
        if (openApi.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema schema : openApi.getComponents().getSchemas().values()) {
            if (schema.getProperties() != null) {
                ((Map<String, Schema>) schema.getProperties()).values().stream()
                        .filter(property -> "email".equals(property.getFormat()))
                        .forEach(property -> property.setFormat(null));
            }
        }
    }

    static boolean isInternal(String path) {
        return INTERNAL.matcher(path).matches();
    }

    /** Drops the schemas no remaining operation refers to (those of operations that belong to the other document). */
    @SuppressWarnings("rawtypes")
    private static void pruneUnreferenced(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null || openApi.getPaths() == null) {
            return;
        }
        Set<String> used = new HashSet<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                operation.getRequestBody().getContent().values().forEach(m -> collect(m.getSchema(), schemas, used));
            }
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(p -> collect(p.getSchema(), schemas, used));
            }
            if (operation.getResponses() != null) {
                operation.getResponses().values().stream().filter(r -> r.getContent() != null)
                        .forEach(r -> r.getContent().values().forEach(m -> collect(m.getSchema(), schemas, used)));
            }
        }));
        schemas.keySet().retainAll(used);
    }

    private Info info(boolean internal) {
        Info info = new Info().version(version).license(new License().name("Apache-2.0"));
        if (internal) {
            return info.title("Emporium internal API").description("The service-to-service operations of the Emporium"
                    + " services (/api/<service>/internal/...). Only callers with a service credential may use them;"
                    + " a deployment's gateway never routes them from outside.");
        }
        return info.title("Emporium API").description("The public HTTP API of Emporium, a multi-merchant marketplace:"
                + " sign up and sign in, browse the catalog, fill a cart, check out, pay at the sandbox gateway,"
                + " follow orders; merchants manage products, stock and promotions. Money is"
                + " {\"amount\": \"12.50\", \"currency\": \"CNY\"}, times are ISO-8601 UTC, pages are"
                + " ?page=&size= with {items, page, size, total}, and every error is an RFC 9457 problem+json"
                + " with a stable type (urn:emporium:problem:...).");
    }

    private static Schema<?> problem() {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema());
        fieldError.setRequired(List.of("field", "message"));
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 9457 problem. Members other than these are extension members of the problem type.")
                .addProperty("type", new StringSchema().pattern("^urn:emporium:problem:[a-z0-9-]+$")
                        .description("stable; what went wrong, for programs").example("urn:emporium:problem:insufficient-stock"))
                .addProperty("title", new StringSchema().description("the HTTP status's reason phrase").example("Conflict"))
                .addProperty("status", new IntegerSchema().minimum(java.math.BigDecimal.valueOf(400))
                        .maximum(java.math.BigDecimal.valueOf(599)).example(409))
                .addProperty("detail", new StringSchema().description("for people: what was wrong with this request"))
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(fieldError)
                        .description("for invalid input: one entry per refused field"))
                .addProperty("retryAfterSeconds", new IntegerSchema().minimum(java.math.BigDecimal.ZERO)
                        .description("for 429 and some 503: when to try again (also the Retry-After header)"));
        problem.setRequired(List.of("type", "title", "status"));
        problem.setAdditionalProperties(true);
        return problem;
    }

    private void describe(String path, PathItem.HttpMethod method, Operation operation) {
        boolean secured = !allowsAnonymous(path, method.name());
        operation.setSecurity(secured ? List.of(new SecurityRequirement().addList(BEARER))
                // no token needed; one that is sent is still checked (and refused with 401 when it is bad)
                : List.of(new SecurityRequirement(), new SecurityRequirement().addList(BEARER)));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        boolean hasInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty());
        Set<String> codes = new HashSet<>(List.of("401", "406", "500", "503"));
        if (hasInput) {
            codes.add("400");
        }
        if (secured) {
            codes.add("403");
        }
        if (path.contains("{")) {
            codes.add("404");
        }
        if (COMMANDS.contains(method.name())) {
            // a command can name things that do not exist (a SKU in a body) or meet a state or rule that refuses it
            codes.addAll(List.of("404", "409", "422"));
        }
        if (operation.getRequestBody() != null) {
            codes.addAll(List.of("413", "415"));
        }
        codes.forEach(code -> responses.computeIfAbsent(code, c -> new ApiResponse()));
        Map<String, ApiResponse> sorted = new TreeMap<>(responses);
        responses.clear();
        sorted.forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                problemResponse(code, response);
            }
            responses.addApiResponse(code, response);
        });
    }

    private static void problemResponse(String code, ApiResponse response) {
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription(PROBLEMS.getOrDefault(code, "A problem"));
        }
        response.setContent(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
        if (code.equals("429") || code.equals("503")) {
            response.addHeaderObject("Retry-After", new Header().description("seconds to wait before trying again")
                    .schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO)));
        }
        if (code.equals("401")) {
            response.addHeaderObject("WWW-Authenticate", new Header().description("Bearer").schema(new StringSchema()));
        }
    }

    private boolean allowsAnonymous(String path, String method) {
        WebInvocationPrivilegeEvaluator evaluator = privileges.getIfAvailable();
        if (evaluator == null) {
            return false;
        }
        String uri = path.replaceAll("\\{[^}]+}", "x");
        return evaluator.isAllowed("", uri, method, anonymous);
    }

    /**
     * Schemas that only responses use are written whole by the server (Jackson includes nulls), so
     * each of their properties is present: required, and nullable where a record component says so.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void requireResponseFields(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null || openApi.getPaths() == null) {
            return;
        }
        Set<String> inRequests = new HashSet<>();
        Set<String> inResponses = new HashSet<>();
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                operation.getRequestBody().getContent().values().forEach(m -> collect(m.getSchema(), schemas, inRequests));
            }
            if (operation.getResponses() != null) {
                operation.getResponses().values().stream().filter(r -> r.getContent() != null)
                        .forEach(r -> r.getContent().values().forEach(m -> collect(m.getSchema(), schemas, inResponses)));
            }
        }));
        for (String name : inResponses) {
            Schema schema = schemas.get(name);
            if (inRequests.contains(name) || name.equals(PROBLEM) || name.equals(MoneySchema.NAME)
                    || schema == null || schema.getProperties() == null) {
                continue;
            }
            List<String> required = new ArrayList<>(schema.getProperties().keySet());
            schema.setRequired(required);
        }
    }

    @SuppressWarnings("rawtypes")
    private static void collect(Schema root, Map<String, Schema> schemas, Set<String> names) {
        Deque<Schema> todo = new ArrayDeque<>();
        if (root != null) {
            todo.add(root);
        }
        while (!todo.isEmpty()) {
            Schema schema = todo.poll();
            if (schema.get$ref() != null) {
                String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
                if (names.add(name) && schemas.get(name) != null) {
                    todo.add(schemas.get(name));
                }
                continue;
            }
            if (schema.getProperties() != null) {
                ((Map<String, Schema>) new LinkedHashMap<>(schema.getProperties())).values().forEach(todo::add);
            }
            if (schema.getItems() != null) {
                todo.add(schema.getItems());
            }
            if (schema.getAdditionalProperties() instanceof Schema extra) {
                todo.add(extra);
            }
            for (List<Schema> parts : java.util.Arrays.asList(schema.getAllOf(), schema.getOneOf(), schema.getAnyOf())) {
                if (parts != null) {
                    todo.addAll(parts);
                }
            }
        }
    }
}

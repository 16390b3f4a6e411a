package io.emporium.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.messaging.OutboxRelay;
import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import io.emporium.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bad input of every kind, generated from the OpenAPI documents, for every operation and every role.
 *
 * <p>For each operation of {@code /v3/api-docs} (and {@code /v3/api-docs/internal} when it exists) and
 * each role (anonymous, customer, merchant, admin, and a service for internal routes) it sends a valid
 * request built from the schema and mutations of it: missing, extra, null and wrongly typed fields, huge
 * and control-character strings, extreme numbers, broken JSON, duplicate keys, wrong content types,
 * unacceptable {@code Accept}, hostile paths, query strings and headers. Where the document has no
 * schema it falls back on mutating what it has (an empty object, the declared parameters).
 *
 * <p>It asserts: no 5xx; every error is problem+json with a {@code urn:emporium:problem:} type and its
 * status; and no data changed for a request answered 4xx. "Data" is every table of every schema:
 * its row count and the sum of a hash of each row (so inserts, deletes and updates all show), with
 * the outbox's delivery bookkeeping and the leader jobs' fence tables left out (background work writes
 * them on its own; the relay is also paused while the fuzzer runs). A change seen after a 4xx is attributed to the request only when
 * replaying the request on a fresh baseline changes data again, so a scheduled job writing in the same
 * instant cannot make the test fail. {@code -Dfuzz.seed=...} replays a run; {@code -Dfuzz.requests}
 * sets how many requests (default 10,000).
 */
@PlatformTest
class BadInputFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PROBLEM_PREFIX = "urn:emporium:problem:";
    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectProvider<OutboxRelay> relay;

    record Operation(String method, String path, List<JsonNode> parameters, JsonNode bodySchema, boolean internal,
            JsonNode document) {
        boolean changesState() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    record Role(String name, String token) {
    }

    record Sent(Operation operation, Role role, String mutation, byte[] request) {
        String describe() {
            String text = new String(request, StandardCharsets.ISO_8859_1);
            return operation + " as " + role.name() + " [" + mutation + "]\n    "
                    + (text.length() > 600 ? text.substring(0, 600) + "...(" + text.length() + " bytes)" : text)
                    .replace("\r\n", "\n    ");
        }
    }

    @Test
    void no_request_from_any_role_gets_a_5xx_an_untyped_error_or_a_4xx_that_changed_data() {
        long seed = Long.getLong("fuzz.seed", new Random().nextLong());
        int budget = Integer.getInteger("fuzz.requests", 10_000);
        Random random = new Random(seed);
        Api api = new Api(port);
        Generator generator = new Generator(random, knownIds(api));

        List<Operation> operations = new ArrayList<>(operations(api, "/v3/api-docs", false));
        operations.addAll(operations(api, "/v3/api-docs/internal", true));
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(10);
        List<Role> roles = roles(api);

        List<String> failures = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        Snapshots snapshots = new Snapshots(jdbc);
        OutboxRelay outboxRelay = relay.getIfAvailable();
        if (outboxRelay != null) {
            outboxRelay.stop(); // events of accepted requests wait; their delivery would be data changing under the fuzzer
        }
        int sent = 0;
        // platform-wide discounts the fuzzer's valid admin requests create would price every later test's cart
        java.util.List<String> platformDiscounts = jdbc.sql("SELECT id FROM promotion.threshold_discount WHERE merchant_id IS NULL")
                .query(String.class).list();
        try {
            Snapshots.State baseline = snapshots.take();
            long internal = operations.stream().filter(Operation::internal).count();
            long pairs = (operations.size() - internal) * roles.size() + internal;
            long refusedOnly = internal * (roles.size() - 1) * 3;
            int perPair = (int) Math.max(10, (budget - refusedOnly + pairs - 1) / pairs);
            List<Sent> plan = new ArrayList<>();
            for (Operation operation : operations) {
                for (Role role : roles) {
                    if (operation.internal() && !role.name().equals("service")) {
                        // internal routes are tried by users too, but less: they all answer 401/403
                        for (int i = 0; i < 3; i++) {
                            plan.add(generator.request(operation, role, port));
                        }
                        continue;
                    }
                    for (int i = 0; i < perPair; i++) {
                        plan.add(generator.request(operation, role, port));
                    }
                }
            }
            // besides the random share: every state-changing operation, from every role that may call it,
            // once with an Accept it cannot serve (the answer is refused before the handler runs: 406, or the
            // 401/403/404 that comes before it), and never a 2xx that then did its work
            for (Operation operation : operations) {
                if (operation.method().equals("GET")) {
                    continue;
                }
                for (Role role : roles) {
                    if (!operation.internal() || role.name().equals("service")) {
                        plan.add(generator.request(operation, role, port, "unacceptable"));
                    }
                }
            }
            java.util.Collections.shuffle(plan, random);
            for (Sent request : plan) {
                if (failures.size() >= 20) {
                    break;
                }
                RawHttp.Answer answer = RawHttp.send(port, request.request());
                sent++;
                statuses.merge(request.operation().method() + " " + answer.status(), 1, Integer::sum);
                String problem = check(answer);
                if (problem == null && request.mutation().equals("unacceptable") && answer.status() < 300 && !answer.body().isEmpty()) {
                    problem = "answered " + answer.status() + " to an Accept it cannot serve (text/csv)";
                }
                if (problem != null) {
                    failures.add(problem + "\n  " + request.describe() + "\n  -> " + abbreviate(answer.toString()));
                }
                if (answer.status() >= 400 && answer.status() < 500) {
                    Snapshots.State after = snapshots.takeIfChanged(baseline);
                    if (!after.equals(baseline)) {
                        // something wrote: the request, or a job at the same instant; the replay decides
                        RawHttp.Answer again = RawHttp.send(port, request.request());
                        Snapshots.State replayed = snapshots.takeIfChanged(after);
                        if (again.status() >= 400 && again.status() < 500 && !replayed.equals(after)) {
                            failures.add("a " + answer.status() + " answer changed data: " + replayed.difference(after)
                                    + "\n  " + request.describe() + "\n  -> " + abbreviate(answer.toString()));
                        }
                        after = replayed;
                    }
                    baseline = after;
                } else {
                    baseline = snapshots.settled(baseline);
                }
            }
        } finally {
            jdbc.sql("UPDATE promotion.threshold_discount SET status = 'CANCELLED' WHERE merchant_id IS NULL AND status = 'ACTIVE'"
                    + " AND NOT (id = ANY (CAST(:before AS text[])))").param("before", platformDiscounts.toArray(String[]::new))
                    .update();
            if (outboxRelay != null) {
                outboxRelay.start();
            }
        }
        System.out.printf("fuzz seed %d: %d requests over %d operations x %d roles: %s%n", seed, sent, operations.size(),
                roles.size(), statuses);
        assertThat(failures).as("bad-input fuzzer (replay with -Dfuzz.seed=%d), %d requests sent", seed, sent).isEmpty();
        assertThat(sent).as("requests sent (seed %d)", seed).isGreaterThanOrEqualTo(Math.min(budget, 10_000));
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    /** Why the answer breaks the rules, or null. */
    private static String check(RawHttp.Answer answer) {
        if (answer.status() < 0) {
            return "no HTTP answer";
        }
        if (answer.status() >= 500) {
            return "a " + answer.status() + " answer";
        }
        if (answer.status() < 400) {
            return null;
        }
        if (!answer.isProblem()) {
            return "a " + answer.status() + " answer that is not problem+json";
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.body());
        } catch (RuntimeException e) {
            return "a problem that is not JSON";
        }
        if (!body.path("type").asString("").startsWith(PROBLEM_PREFIX)) {
            return "a problem without a urn:emporium:problem: type";
        }
        if (body.path("status").asInt() != answer.status()) {
            return "a problem whose status member differs from the HTTP status";
        }
        return null;
    }

    private List<Operation> operations(Api api, String path, boolean internal) {
        RawHttp.Answer r = RawHttp.send(port, "GET", path, "", null); // generating a document can be slow on a busy machine
        if (r.status() == 404) {
            return List.of();
        }
        assertThat(r.status()).as(path + ": " + r).isEqualTo(200);
        JsonNode document = JSON.readTree(r.body());
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : document.path("paths").properties()) {
            JsonNode item = entry.getValue();
            for (String method : METHODS) {
                JsonNode op = item.get(method);
                if (op == null) {
                    continue;
                }
                List<JsonNode> parameters = new ArrayList<>();
                item.path("parameters").forEach(parameters::add);
                op.path("parameters").forEach(p -> parameters.add(resolve(document, p)));
                JsonNode content = resolve(document, op.path("requestBody")).path("content");
                JsonNode schema = null;
                for (Map.Entry<String, JsonNode> media : content.properties()) {
                    if (media.getKey().contains("json") || schema == null) {
                        schema = media.getValue().path("schema");
                    }
                }
                boolean isInternal = internal || entry.getKey().contains("/internal/");
                operations.add(new Operation(method.toUpperCase(Locale.ROOT), entry.getKey(), parameters, schema,
                        isInternal, document));
            }
        }
        return operations;
    }

    static JsonNode resolve(JsonNode document, JsonNode node) {
        for (int depth = 0; node != null && node.has("$ref") && depth < 10; depth++) {
            String ref = node.get("$ref").asString();
            node = document.at(ref.substring(1));
        }
        return node;
    }

    private List<Role> roles(Api api) {
        List<Role> roles = new ArrayList<>();
        roles.add(new Role("anonymous", null));
        roles.add(new Role("customer", fixtures.customer(api).token()));
        roles.add(new Role("merchant", fixtures.merchant(api).api().token()));
        roles.add(new Role("admin", fixtures.admin(api).token()));
        roles.add(new Role("service", fixtures.service(api).token()));
        return roles;
    }

    /** Real ids by the kind of thing they name, so that mutations also reach code past the lookups. */
    private Map<String, List<String>> knownIds(Api api) {
        Fixtures.Merchant merchant = fixtures.merchant(api);
        JsonNode product = Fixtures.product(merchant, List.of(Fixtures.sku(Fixtures.unique("FZ-"), Map.of("colour", "Red"),
                "19.90")), true);
        String skuId = product.at("/skus/0/id").asString();
        merchant.api().post("/api/inventory/skus/" + skuId + "/receipts", Map.of("quantity", 1000));
        Map<String, List<String>> ids = new LinkedHashMap<>();
        ids.put("sku", List.of(skuId));
        ids.put("product", List.of(product.get("id").asString()));
        ids.put("merchant", List.of(merchant.merchantId()));
        ids.put("categor", List.of(Fixtures.category(api)));
        return ids;
    }

    /** Builds requests: a valid one from the schema, then one mutation of it. */
    static final class Generator {
        private static final String[] HOSTILE_SEGMENTS = {"..", "%2e%2e", "%00", "a%2Fb", "%zz", "%", "%C3%28", "%ED%A0%80",
                "x".repeat(3000), "%F0%9F%92%A9", "%E2%80%AE", "'%20OR%201=1--", "%0d%0aX-Injected:%201", "-1", "null",
                "%20", "%09", "%7F", "%C2%85", ";", "a;b=c", "%2e", "~", "%25", "%3Cscript%3E", "0", "9".repeat(40)};
        private static final String[] HOSTILE_QUERY_VALUES = {"%00", "%zz", "%", "%C3%28", "%ED%A0%80", "x".repeat(9000),
                "-1", "2147483648", "99999999999999999999", "1e400", "NaN", "-0", "%20", "%0A", "true", "[]", "%7B%7D",
                "%E2%80%AE", "%C2%85", "'%3B--", "", "0x10", "1.5"};
        private static final String[] CONTROL_STRINGS = {"\u0000", "a\u0000b", "\u001b[31mred", "line\nbreak", "tab\there",
                "\r", "\u007f", "\u0085", "\ud800", "\udfff", "x\ud83d", "\ud83d\ude00\u0000", "\u2028", "\u202e", "\ufeff",
                " ", "\u3000", "\u200b"};
        private static final String[] EXTREME_NUMBERS = {"1e400", "-1e400", "1e-400", "99999999999999999999999999",
                "-99999999999999999999999999", "9223372036854775808", "-9223372036854775809", "2147483648", "-2147483649",
                "0", "-1", "-0", "0.000000000000000000001", "1.5", "1E+2", "123456789012345678901234567890.5", "4.9e-324"};
        private static final String[] BROKEN_JSON = {"{", "}", "[", "{\"a\":}", "{\"a\" 1}", "{'a':1}", "{\"a\":1,}",
                "nul", "\"", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":01}", "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}",
                "[".repeat(5000), "{\"a\":".repeat(3000), "\u0000", "\u00ff\u00fe", "{} {}", "{\"a\":1}//", "/*c*/{}",
                "[1,2]", "\"text\"", "42", "true", "null", " ", ""};
        private static final String[] CONTENT_TYPES = {"text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data", "application/json; charset=klingon", "application/octet-stream", "*/*",
                "application/json;;", "application/problem+json", "text/html"};
        private static final String[] ACCEPTS = {"text/csv", "image/png", "application/xml", "text/html", "no/such;;",
                "application/json;q=0", "*/*;q=0", "text/plain"};
        private static final String[] MUTATIONS = {"valid", "missing-field", "extra-field", "null-field", "wrong-type",
                "huge-string", "control-string", "extreme-number", "broken-json", "duplicate-key", "content-type",
                "no-content-type", "accept", "hostile-path", "hostile-query", "hostile-header", "bad-token", "huge-body",
                "array-for-object", "empty-object"};

        private final Random random;
        private final Map<String, List<String>> known;

        Generator(Random random, Map<String, List<String>> known) {
            this.random = random;
            this.known = known;
        }

        Sent request(Operation operation, Role role, int port) {
            return request(operation, role, port, MUTATIONS[random.nextInt(MUTATIONS.length)]);
        }

        /** {@code mutation} "unacceptable": the valid request with {@code Accept: text/csv}. */
        Sent request(Operation operation, Role role, int port, String mutation) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (role.token() != null) {
                headers.put("Authorization", "Bearer " + role.token());
            }
            String path = path(operation, mutation.equals("hostile-path"));
            String query = query(operation, mutation.equals("hostile-query"));
            for (JsonNode parameter : operation.parameters()) {
                if ("header".equals(parameter.path("in").asString())) {
                    headers.put(parameter.path("name").asString(), "fz-" + random.nextInt(1_000_000));
                }
            }
            boolean hasBody = operation.bodySchema() != null || List.of("POST", "PUT", "PATCH").contains(operation.method());
            String body = null;
            if (hasBody) {
                JsonNode schema = operation.bodySchema() == null ? null : operation.bodySchema();
                Value value = valid(operation.document(), schema, "body", 0);
                body = switch (mutation) {
                    case "missing-field" -> value.mutateOne(random, Value.Kind.MISSING, null).render();
                    case "extra-field" -> value.mutateOne(random, Value.Kind.EXTRA, pick(CONTROL_STRINGS)).render();
                    case "null-field" -> value.mutateOne(random, Value.Kind.NULL, null).render();
                    case "wrong-type" -> value.mutateOne(random, Value.Kind.WRONG_TYPE, null).render();
                    case "huge-string" -> value.mutateOne(random, Value.Kind.REPLACE,
                            Value.string("h".repeat(100_000 + random.nextInt(10)))).render();
                    case "control-string" -> value.mutateOne(random, Value.Kind.REPLACE, Value.string(pick(CONTROL_STRINGS)))
                            .render();
                    case "extreme-number" -> value.mutateOne(random, Value.Kind.REPLACE, Value.raw(pick(EXTREME_NUMBERS)))
                            .render();
                    case "broken-json" -> pick(BROKEN_JSON);
                    case "duplicate-key" -> value.mutateOne(random, Value.Kind.DUPLICATE, null).render();
                    case "huge-body" -> "{\"a\":\"" + "b".repeat(1_100_000) + "\"}";
                    case "array-for-object" -> "[" + value.render() + "]";
                    case "empty-object" -> "{}";
                    default -> value.render();
                };
                String contentType = switch (mutation) {
                    case "content-type" -> pick(CONTENT_TYPES);
                    case "no-content-type" -> null;
                    default -> "application/json";
                };
                if (contentType != null) {
                    headers.put("Content-Type", contentType);
                }
            }
            switch (mutation) {
                case "accept" -> headers.put("Accept", pick(ACCEPTS));
                case "unacceptable" -> headers.put("Accept", "text/csv");
                case "bad-token" -> headers.put("Authorization", pick(new String[] {"Bearer x", "Bearer " + "a".repeat(5000),
                        "Basic YTpi", "Bearer ", "bearer " + role.token(), "Bearer " + role.token() + "x", "Bearer a.b.c"}));
                case "hostile-header" -> {
                    String name = headers.keySet().stream().filter(h -> !h.equals("Authorization") && !h.equals("Content-Type"))
                            .findFirst().orElse("Idempotency-Key");
                    headers.put(name, pick(new String[] {"\u0085x", "a".repeat(7000), "\u00ff\u00fe", "x\u007fy", "",
                            " ", "\u00c3("}));
                }
                default -> {
                }
            }
            StringBuilder request = new StringBuilder();
            request.append(operation.method()).append(' ').append(path).append(query).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
            }
            request.append("\r\n");
            byte[] head = request.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[head.length + bodyBytes.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(bodyBytes, 0, all, head.length, bodyBytes.length);
            return new Sent(operation, role, mutation, all);
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        private String path(Operation operation, boolean hostile) {
            String path = operation.path();
            StringBuilder out = new StringBuilder();
            int at = 0;
            List<int[]> holes = new ArrayList<>();
            for (int i = path.indexOf('{'); i >= 0; i = path.indexOf('{', i + 1)) {
                holes.add(new int[] {i, path.indexOf('}', i)});
            }
            int hostileHole = holes.isEmpty() ? -1 : random.nextInt(holes.size());
            for (int h = 0; h < holes.size(); h++) {
                int[] hole = holes.get(h);
                out.append(path, at, hole[0]);
                String name = path.substring(hole[0] + 1, hole[1]);
                out.append(hostile && h == hostileHole ? pick(HOSTILE_SEGMENTS) : encode(id(name)));
                at = hole[1] + 1;
            }
            out.append(path.substring(at));
            if (hostile && holes.isEmpty()) {
                int slash = out.lastIndexOf("/");
                out.insert(slash + 1, pick(HOSTILE_SEGMENTS) + "/");
            }
            return out.toString();
        }

        private String query(Operation operation, boolean hostile) {
            List<String> pairs = new ArrayList<>();
            List<JsonNode> queryParameters = operation.parameters().stream()
                    .filter(p -> "query".equals(p.path("in").asString())).toList();
            for (JsonNode parameter : queryParameters) {
                if (parameter.path("required").asBoolean() || random.nextBoolean()) {
                    Value value = valid(operation.document(), parameter.path("schema"), parameter.path("name").asString(), 0);
                    pairs.add(parameter.path("name").asString() + "=" + encode(value.plain()));
                }
            }
            if (hostile) {
                String name = queryParameters.isEmpty() || random.nextInt(4) == 0 ? pick(new String[] {"page", "size", "x",
                        "%00", "%zz", "a%5B%5D"}) : queryParameters.get(random.nextInt(queryParameters.size())).path("name").asString();
                String value = pick(HOSTILE_QUERY_VALUES);
                pairs.add(name + "=" + value);
                if (random.nextBoolean()) {
                    pairs.add(name + "=" + pick(HOSTILE_QUERY_VALUES));
                }
            }
            return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
        }

        private String id(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (random.nextInt(3) > 0) {
                for (Map.Entry<String, List<String>> entry : known.entrySet()) {
                    if (lower.contains(entry.getKey())) {
                        return entry.getValue().get(random.nextInt(entry.getValue().size()));
                    }
                }
            }
            if (lower.contains("slug")) {
                return "fz-" + random.nextInt(1_000_000);
            }
            return lower.replaceAll("[^a-z]", "").substring(0, Math.min(3, lower.replaceAll("[^a-z]", "").length())) + "_fz"
                    + Long.toHexString(random.nextLong());
        }

        private static String encode(String value) {
            return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }

        /** A valid value for the schema (as far as a schema says; names fill the gaps). */
        Value valid(JsonNode document, JsonNode schema, String name, int depth) {
            schema = resolve(document, schema);
            if (schema == null || schema.isMissingNode() || schema.isNull() || depth > 8) {
                return fallback(name);
            }
            if (schema.has("allOf")) {
                Map<String, Value> fields = new LinkedHashMap<>();
                for (JsonNode part : schema.get("allOf")) {
                    Value v = valid(document, part, name, depth + 1);
                    if (v.fields != null) {
                        fields.putAll(v.fields);
                    }
                }
                return Value.object(fields);
            }
            for (String choice : List.of("oneOf", "anyOf")) {
                if (schema.has(choice) && !schema.get(choice).isEmpty()) {
                    JsonNode options = schema.get(choice);
                    return valid(document, options.get(random.nextInt(options.size())), name, depth + 1);
                }
            }
            if (schema.has("enum") && !schema.get("enum").isEmpty()) {
                JsonNode options = schema.get("enum");
                JsonNode chosen = options.get(random.nextInt(options.size()));
                return chosen.isString() ? Value.string(chosen.asString()) : Value.raw(chosen.toString());
            }
            String type = type(schema);
            switch (type) {
                case "object" -> {
                    Map<String, Value> fields = new LinkedHashMap<>();
                    List<String> required = new ArrayList<>();
                    schema.path("required").forEach(r -> required.add(r.asString()));
                    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                        if (required.contains(property.getKey()) || random.nextInt(3) > 0) {
                            fields.put(property.getKey(), valid(document, property.getValue(), property.getKey(), depth + 1));
                        }
                    }
                    JsonNode additional = schema.get("additionalProperties");
                    if (fields.isEmpty() && additional != null && additional.isObject()) {
                        fields.put("colour", valid(document, additional, "colour", depth + 1));
                    }
                    if (isMoney(schema)) {
                        fields.put("amount", Value.string("12.50"));
                        fields.put("currency", Value.string("CNY"));
                    }
                    return Value.object(fields);
                }
                case "array" -> {
                    List<Value> items = new ArrayList<>();
                    int n = 1 + random.nextInt(2);
                    for (int i = 0; i < n; i++) {
                        items.add(valid(document, schema.get("items"), singular(name), depth + 1));
                    }
                    return Value.array(items);
                }
                case "integer" -> {
                    long min = schema.path("minimum").asLong(1);
                    long max = schema.path("maximum").asLong(Math.max(min, 5));
                    return Value.raw(Long.toString(min + (max > min ? Math.floorMod(random.nextLong(), Math.min(max - min + 1, 5)) : 0)));
                }
                case "number" -> {
                    return Value.raw(name.toLowerCase(Locale.ROOT).contains("percent") ? "10" : "12.5");
                }
                case "boolean" -> {
                    return Value.raw(Boolean.toString(random.nextBoolean()));
                }
                case "string" -> {
                    return string(schema, name);
                }
                default -> {
                    return fallback(name);
                }
            }
        }

        private static boolean isMoney(JsonNode schema) {
            JsonNode properties = schema.path("properties");
            return properties.has("amount") && properties.has("currency") && properties.size() == 2;
        }

        private static String type(JsonNode schema) {
            JsonNode type = schema.get("type");
            if (type == null) {
                return schema.has("properties") ? "object" : schema.has("items") ? "array" : "";
            }
            if (type.isArray()) {
                for (JsonNode t : type) {
                    if (!t.asString().equals("null")) {
                        return t.asString();
                    }
                }
                return "";
            }
            return type.asString();
        }

        private static String singular(String name) {
            return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
        }

        private Value string(JsonNode schema, String name) {
            String format = schema.path("format").asString("");
            if (format.equals("date-time")) {
                return Value.string(Instant.now().plus(Duration.ofDays(1 + random.nextInt(3))).toString());
            }
            if (format.equals("email")) {
                return Value.string("fz" + random.nextInt(1_000_000_000) + "@example.test");
            }
            return fallback(name);
        }

        /** A value for a field known only by its name: what the platform's records call their fields. */
        private Value fallback(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, List<String>> entry : known.entrySet()) {
                if (lower.endsWith("id") && lower.contains(entry.getKey()) || lower.endsWith("ids") && lower.contains(entry.getKey())) {
                    return Value.string(id(name));
                }
            }
            if (lower.contains("price") || lower.contains("amount") && !lower.equals("amount") || lower.contains("discount")
                    || lower.contains("threshold") || lower.contains("spend")) {
                return Value.object(new LinkedHashMap<>(Map.of("amount", Value.string("12.50"), "currency", Value.string("CNY"))));
            }
            String value = switch (lower) {
                case "amount" -> "12.50";
                case "currency" -> "CNY";
                case "country" -> "CN";
                case "phone" -> "+86 138 0000 0000";
                case "postalcode" -> "100000";
                case "email" -> "fz" + random.nextInt(1_000_000_000) + "@example.test";
                case "password" -> Fixtures.PASSWORD;
                case "role" -> "CUSTOMER";
                case "kind" -> pick(new String[] {"ALL", "FIXED", "PERCENT", "THRESHOLD"});
                case "code" -> "FZ-" + random.nextInt(1_000_000);
                case "trackingnumber" -> "TRK" + random.nextInt(1_000_000);
                case "startsat", "validfrom" -> Instant.now().plus(Duration.ofHours(1)).toString();
                case "endsat", "validuntil", "expiresat" -> Instant.now().plus(Duration.ofDays(2)).toString();
                case "quantity", "stock", "totalcap", "percustomerlimit", "page", "size" -> null;
                default -> "fz " + lower + " " + random.nextInt(1000);
            };
            if (value == null) {
                return Value.raw(Integer.toString(1 + random.nextInt(3)));
            }
            return Value.string(value);
        }
    }

    /** A JSON value that can hold what Jackson will not write (lone surrogates, numbers beyond double). */
    static final class Value {
        enum Kind { MISSING, EXTRA, NULL, WRONG_TYPE, REPLACE, DUPLICATE }

        final String raw;
        final Map<String, Value> fields;
        final List<Value> items;
        final List<String> duplicates = new ArrayList<>();

        private Value(String raw, Map<String, Value> fields, List<Value> items) {
            this.raw = raw;
            this.fields = fields;
            this.items = items;
        }

        static Value raw(String json) {
            return new Value(json, null, null);
        }

        static Value string(String text) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c > 0x7e) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return new Value(out.append('"').toString(), null, null);
        }

        static Value object(Map<String, Value> fields) {
            return new Value(null, new LinkedHashMap<>(fields), null);
        }

        static Value array(List<Value> items) {
            return new Value(null, null, new ArrayList<>(items));
        }

        /** The value as a query parameter: strings unquoted. */
        String plain() {
            if (raw != null && raw.startsWith("\"")) {
                return JSON.readTree(raw).asString();
            }
            return raw != null ? raw : render();
        }

        String render() {
            if (raw != null) {
                return raw;
            }
            if (items != null) {
                return items.stream().map(Value::render).collect(Collectors.joining(",", "[", "]"));
            }
            StringBuilder out = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<String, Value> field : fields.entrySet()) {
                out.append(first ? "" : ",").append(string(field.getKey()).raw).append(':').append(field.getValue().render());
                first = false;
            }
            for (String duplicate : duplicates) {
                out.append(first ? "" : ",").append(duplicate);
                first = false;
            }
            return out.append('}').toString();
        }

        /** Changes one randomly chosen place of this tree (a copy is not needed: every request builds a fresh tree). */
        Value mutateOne(Random random, Kind kind, Object argument) {
            List<Value> containers = new ArrayList<>();
            collect(containers);
            if (containers.isEmpty()) {
                return switch (kind) {
                    case REPLACE -> (Value) argument;
                    case NULL -> raw("null");
                    case WRONG_TYPE -> raw("{}");
                    default -> this;
                };
            }
            Value target = containers.get(random.nextInt(containers.size()));
            if (target.fields != null) {
                List<String> names = new ArrayList<>(target.fields.keySet());
                String name = names.isEmpty() ? null : names.get(random.nextInt(names.size()));
                switch (kind) {
                    case MISSING -> {
                        if (name != null) {
                            target.fields.remove(name);
                        }
                    }
                    case EXTRA -> target.fields.put(random.nextBoolean() ? "unexpected" : (String) argument, raw("1"));
                    case NULL -> target.fields.put(name == null ? "x" : name, raw("null"));
                    case WRONG_TYPE -> target.fields.put(name == null ? "x" : name, wrongTypeFor(random,
                            name == null ? null : target.fields.get(name)));
                    case REPLACE -> target.fields.put(name == null ? "x" : name, (Value) argument);
                    case DUPLICATE -> {
                        if (name != null) {
                            target.duplicates.add(string(name).raw + ":" + wrongTypeFor(random, target.fields.get(name)).render());
                        }
                    }
                }
            } else {
                int index = target.items.isEmpty() ? -1 : random.nextInt(target.items.size());
                switch (kind) {
                    case MISSING -> {
                        if (index >= 0) {
                            target.items.remove(index);
                        }
                    }
                    case EXTRA -> target.items.add(raw("{}"));
                    case NULL -> target.items.add(raw("null"));
                    case WRONG_TYPE -> {
                        if (index >= 0) {
                            target.items.set(index, wrongTypeFor(random, target.items.get(index)));
                        }
                    }
                    case REPLACE -> {
                        if (index >= 0) {
                            target.items.set(index, (Value) argument);
                        } else {
                            target.items.add((Value) argument);
                        }
                    }
                    case DUPLICATE -> target.items.addAll(List.copyOf(target.items));
                }
            }
            return this;
        }

        private void collect(List<Value> into) {
            if (fields != null) {
                into.add(this);
                fields.values().forEach(v -> v.collect(into));
            } else if (items != null) {
                into.add(this);
                items.forEach(v -> v.collect(into));
            }
        }

        private static Value wrongTypeFor(Random random, Value current) {
            if (current == null) {
                return raw("[]");
            }
            if (current.raw != null && current.raw.startsWith("\"")) {
                return raw(random.nextBoolean() ? "12" : "true");
            }
            if (current.raw != null) {
                return random.nextBoolean() ? string(current.raw) : raw("{}");
            }
            return random.nextBoolean() ? string("text") : raw(current.fields != null ? "[]" : "{}");
        }
    }

    /** Row counts and row-hash sums of every table of every schema, in one query. */
    static final class Snapshots {
        /** The relay's bookkeeping on each outbox row: written by the relay, never by a request. */
        private static final List<String> BOOKKEEPING = List.of("published_at", "attempts", "next_attempt_at", "last_error");

        private final JdbcClient jdbc;
        private final String query;

        record State(String xid, Map<String, String> tables) {
            @Override
            public boolean equals(Object other) {
                return other instanceof State s && s.tables.equals(tables);
            }

            @Override
            public int hashCode() {
                return tables.hashCode();
            }

            String difference(State before) {
                List<String> changed = new ArrayList<>();
                for (Map.Entry<String, String> table : tables.entrySet()) {
                    String old = before.tables.get(table.getKey());
                    if (!table.getValue().equals(old)) {
                        changed.add(table.getKey() + " " + old + " -> " + table.getValue());
                    }
                }
                return String.join(", ", changed);
            }
        }

        Snapshots(JdbcClient jdbc) {
            this.jdbc = jdbc;
            Map<String, List<String>> columns = new TreeMap<>();
            jdbc.sql("""
                    SELECT c.table_schema || '.' || c.table_name, c.column_name FROM information_schema.columns c
                    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                    WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
                    ORDER BY 1, c.ordinal_position""")
                    .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                    .forEach(e -> columns.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, List<String>> table : columns.entrySet()) {
                if (table.getKey().endsWith(".fence")) {
                    continue; // leader jobs record their fencing tokens here on their own schedule; no request writes it
                }
                boolean outbox = table.getKey().endsWith(".outbox");
                String row = table.getValue().stream().filter(c -> !outbox || !BOOKKEEPING.contains(c))
                        .map(c -> "coalesce(x.\"" + c + "\"::text, '~')").collect(Collectors.joining(" || '|' || "));
                parts.add("SELECT '" + table.getKey() + "' AS t, count(*)::text || ':' || coalesce(sum(hashtext(" + row
                        + ")::bigint), 0)::text AS s FROM " + table.getKey() + " x");
            }
            this.query = String.join(" UNION ALL ", parts);
        }

        private String xid() {
            return jdbc.sql("SELECT pg_snapshot_xmax(pg_current_snapshot())::text").query(String.class).single();
        }

        State take() {
            String xid = xid();
            Map<String, String> tables = new TreeMap<>();
            jdbc.sql(query).query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list()
                    .forEach(e -> tables.put(e.getKey(), e.getValue()));
            return new State(xid, tables);
        }

        /** The state now; no table is read when no transaction has written since {@code before} (no new xid). */
        State takeIfChanged(State before) {
            return xid().equals(before.xid()) ? before : take();
        }

        /** After an accepted request: the state once writes it set off in the background have stopped (bounded). */
        State settled(State before) {
            State last = takeIfChanged(before);
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < deadline) {
                String xid = xid();
                if (xid.equals(last.xid())) {
                    return last;
                }
                last = take();
            }
            return last;
        }
    }
}

package io.emporium.platform.binding;

import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.ForbiddenException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.ProblemException;
import io.emporium.platform.problem.Problems;
import io.emporium.platform.problem.UnauthenticatedException;
import io.emporium.platform.problem.UnprocessableException;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns a remote service's problem+json 4xx answer back into the exception its local binding throws. */
final class RemoteProblems {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RemoteProblems() {
    }

    static ProblemException toException(int status, String body) {
        String type = "remote-error";
        String detail = "the remote service refused the request (" + status + ")";
        Map<String, Object> properties = new HashMap<>();
        try {
            JsonNode problem = JSON.readTree(body);
            type = problem.path("type").asString(type).replace(Problems.TYPE_PREFIX, "");
            detail = problem.path("detail").asString(detail);
            problem.propertyNames().forEach(name -> {
                if (!Problems.STANDARD_MEMBERS.contains(name)) {
                    JsonNode value = problem.get(name);
                    properties.put(name, value.isNumber() ? value.numberValue() : value.isString() ? value.asString() : value.toString());
                }
            });
        } catch (RuntimeException e) {
            // not problem+json: keep the generic detail
        }
        return switch (status) {
            case 400 -> new BadRequestException(type, detail, properties);
            case 401 -> new UnauthenticatedException(type, detail, properties);
            case 403 -> new ForbiddenException(type, detail, properties);
            case 404 -> new NotFoundException(type, detail, properties);
            case 409 -> new ConflictException(type, detail, properties);
            default -> new UnprocessableException(type, detail, properties);
        };
    }
}

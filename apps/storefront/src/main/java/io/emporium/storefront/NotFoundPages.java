package io.emporium.storefront;

import io.emporium.platform.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A path nothing serves, asked for by a browser (it accepts HTML) outside the API: the shop's
 * own "not found" page, signed in or not, instead of problem+json. API paths and non-browser
 * clients keep the platform's 404 problem+json. Ahead of the platform's ProblemHandler, which
 * would answer every such path with JSON.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class NotFoundPages {

    private static final List<String> NOT_PAGES = List.of("/api/", "/actuator/", "/v3/", "/swagger-ui");

    private static final HeaderContentNegotiationStrategy ACCEPT = new HeaderContentNegotiationStrategy();

    private final JsonMapper json;

    public NotFoundPages(JsonMapper json) {
        this.json = json;
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ModelAndView notFound(Exception e, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (wantsPage(request, path)) {
            ModelAndView page = new ModelAndView("error-page", HttpStatus.NOT_FOUND);
            page.addObject("status", 404);
            page.addObject("message", "There is no page here. It may have moved, or the link is mistyped.");
            page.addObject("me", Pages.user());
            page.addObject("fmt", new Pages.Format());
            return page;
        }
        response.setStatus(404);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.of(404, "not-found", "there is nothing at " + path));
        return null; // answered here
    }

    private static boolean wantsPage(HttpServletRequest request, String path) {
        if (NOT_PAGES.stream().anyMatch(path::startsWith)) {
            return false;
        }
        try {
            // text/html named explicitly: a browser; "*/*" alone (curl, API clients) is not one
            return ACCEPT.resolveMediaTypes(new ServletWebRequest(request)).stream()
                    .anyMatch(type -> type.getType().equals("text") && type.getSubtype().equals("html"));
        } catch (HttpMediaTypeNotAcceptableException e) {
            return false;
        }
    }
}

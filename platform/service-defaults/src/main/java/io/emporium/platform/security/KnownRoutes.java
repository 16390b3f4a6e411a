package io.emporium.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Whether some controller or endpoint answers a request's path: asked only when a request is
 * about to be refused as unauthenticated, so that a path nobody serves is a 404 for everyone
 * (signed in or not) instead of a 401 that hints something might be there.
 *
 * <p>The static-resource handler matches every path and is not counted: a path that only it
 * matches has no page or API behind it unless it is a file, and files are public anyway.
 */
final class KnownRoutes {

    private final ObjectProvider<HandlerMapping> mappings;

    KnownRoutes(ObjectProvider<HandlerMapping> mappings) {
        this.mappings = mappings;
    }

    boolean exist(HttpServletRequest request) {
        // the handler mappings read the parsed path that the DispatcherServlet would have cached
        Object previous = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        ServletRequestPathUtils.parseAndCache(request);
        try {
            for (HandlerMapping mapping : mappings.orderedStream().toList()) {
                try {
                    HandlerExecutionChain chain = mapping.getHandler(request);
                    if (chain != null && !(chain.getHandler() instanceof ResourceHttpRequestHandler)) {
                        return true;
                    }
                } catch (Exception e) {
                    // the path is served, but not with this method or media type: the route exists
                    return true;
                }
            }
            return false;
        } finally {
            if (previous == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            } else {
                request.setAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE, previous);
            }
        }
    }
}

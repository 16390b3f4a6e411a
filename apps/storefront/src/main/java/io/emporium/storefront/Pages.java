package io.emporium.storefront;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every page shares: the signed-in user (or none), money formatting, and turning an API
 * refusal into a page that says what went wrong (never a stack trace). A 401 from the API for a
 * signed-in user means the token expired: the session ends and the user signs in again.
 */
@ControllerAdvice(basePackageClasses = Pages.class)
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class Pages {

    public static UiUser user() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof UiUser user ? user : null;
    }

    public static String token() {
        UiUser user = user();
        return user == null ? null : user.token();
    }

    /** A query value for an API URL, percent-encoded. */
    static String encode(String value) {
        return org.springframework.web.util.UriUtils.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /**
     * A path segment of an API URL (an id from the page's URL), percent-encoded; "." and ".." are
     * refused, so such a value can never step to another API path.
     */
    static String segment(String value) {
        if (value == null || value.isEmpty() || value.equals(".") || value.equals("..")) {
            throw new ApiProblem(404, "not-found", "there is nothing here", java.util.List.of());
        }
        return encode(value);
    }

    @ModelAttribute("me")
    UiUser me() {
        return user();
    }

    @ModelAttribute("fmt")
    Format format() {
        return new Format();
    }

    /** Formatting helpers for the templates ({@code ${fmt.money(p.price)}}). */
    public static final class Format {

        public String money(Object money) {
            if (!(money instanceof Map<?, ?> m) || m.get("amount") == null) {
                return "";
            }
            String currency = String.valueOf(m.get("currency"));
            String symbol = switch (currency) {
                case "CNY" -> "¥";
                case "USD" -> "$";
                case "EUR" -> "€";
                default -> currency + " ";
            };
            return symbol + new BigDecimal(String.valueOf(m.get("amount"))).toPlainString();
        }

        public boolean positive(Object money) {
            return money instanceof Map<?, ?> m && m.get("amount") != null
                    && new BigDecimal(String.valueOf(m.get("amount"))).signum() > 0;
        }

        public String initials(Object name) {
            String text = String.valueOf(name).trim();
            String[] words = text.split("\\s+");
            return (words[0].isEmpty() ? "?" : words[0].substring(0, 1)) + (words.length > 1 ? words[1].substring(0, 1) : "");
        }

        public String status(Object status) {
            String s = String.valueOf(status).replace('_', ' ').toLowerCase();
            return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }

        public String attributes(Object attributes) {
            if (!(attributes instanceof Map<?, ?> m) || m.isEmpty()) {
                return "";
            }
            StringBuilder text = new StringBuilder();
            m.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
            return text.toString();
        }
    }

    @ExceptionHandler(ApiProblem.class)
    String problem(ApiProblem problem, Model model, HttpServletRequest request, HttpServletResponse response) {
        if (problem.status() == 401 && user() != null) {
            new SecurityContextLogoutHandler().logout(request, response, SecurityContextHolder.getContext().getAuthentication());
            return "redirect:/login?expired";
        }
        response.setStatus(problem.status() >= 500 ? 503 : problem.status());
        model.addAttribute("me", user());
        model.addAttribute("fmt", new Format());
        model.addAttribute("status", problem.status());
        model.addAttribute("message", problem.message());
        return "error-page";
    }
}

package io.emporium.storefront;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * What a browser sees when a page fails in a way no page handled (a bug, a missing page): a
 * page in the shop's own layout that says so, never a stack trace. API clients asking for JSON
 * still get problem+json from the platform's error controller.
 */
@Controller
public class ErrorPageController {

    @RequestMapping(value = "/error", produces = "text/html")
    String error(HttpServletRequest request, Model model) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        model.addAttribute("status", status);
        model.addAttribute("message", status == 404 ? "There is no page here. It may have moved, or the link is mistyped."
                : status == 403 ? "This page is not for your account."
                : status < 500 ? "That request could not be handled. Please go back and try again."
                : "Something went wrong on our side. Please try again in a moment.");
        return "error-page";
    }
}

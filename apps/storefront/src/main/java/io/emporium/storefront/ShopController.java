package io.emporium.storefront;

import static io.emporium.storefront.Pages.encode;
import static io.emporium.storefront.Pages.segment;
import static io.emporium.storefront.Pages.token;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The customer's shop: browsing, the cart, checkout, the sandbox payment step, orders, coupons, sign-up. */
@Controller
public class ShopController {

    private final PlatformClient api;

    public ShopController(PlatformClient api) {
        this.api = api;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("categories", api.list(api.get("/api/catalog/categories", null)));
        model.addAttribute("featured", api.map(api.get("/api/catalog/products?size=8&sort=newest", null)).get("items"));
        model.addAttribute("flashSales", api.list(api.get("/api/promotions/flash-sales", null)));
        model.addAttribute("coupons", api.list(api.get("/api/promotions/coupon-templates", null)));
        return "home";
    }

    @GetMapping("/search")
    String search(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String category,
            @RequestParam(defaultValue = "") String minPrice, @RequestParam(defaultValue = "") String maxPrice,
            @RequestParam(defaultValue = "relevance") String sort, @RequestParam(defaultValue = "0") int page,
            Model model) {
        StringBuilder query = new StringBuilder("/api/catalog/products?size=12&page=" + Math.max(page, 0));
        if (!q.isBlank()) {
            query.append("&q=").append(encode(q));
        }
        if (!category.isBlank()) {
            query.append("&category=").append(encode(category));
        }
        if (!minPrice.isBlank()) {
            query.append("&minPrice=").append(encode(minPrice));
        }
        if (!maxPrice.isBlank()) {
            query.append("&maxPrice=").append(encode(maxPrice));
        }
        if (!sort.equals("relevance")) {
            query.append("&sort=").append(encode(sort));
        }
        Map<String, Object> results = api.map(api.get(query.toString(), null));
        model.addAttribute("results", results);
        model.addAttribute("categories", api.list(api.get("/api/catalog/categories", null)));
        model.addAttribute("q", q);
        model.addAttribute("category", category);
        model.addAttribute("minPrice", minPrice);
        model.addAttribute("maxPrice", maxPrice);
        model.addAttribute("sort", sort);
        model.addAttribute("page", page);
        String base = "/search?q=" + encode(q) + "&category=" + encode(category) + "&minPrice=" + encode(minPrice)
                + "&maxPrice=" + encode(maxPrice) + "&sort=" + encode(sort) + "&page=";
        model.addAttribute("pageBase", base);
        return "search";
    }

    @GetMapping("/products/{id}")
    String product(@PathVariable String id, Model model) {
        Map<String, Object> product = api.map(api.get("/api/catalog/products/" + segment(id), token()));
        model.addAttribute("product", product);
        Map<String, Object> flashBySku = new LinkedHashMap<>();
        for (Object sale : api.list(api.get("/api/promotions/flash-sales", null))) {
            Map<String, Object> s = api.map(sale);
            if (id.equals(s.get("productId"))) {
                flashBySku.put((String) s.get("skuId"), s);
            }
        }
        model.addAttribute("flash", flashBySku);
        Map<String, Object> limited = new LinkedHashMap<>();
        List<Object> skus = api.list(product.get("skus"));
        if (!skus.isEmpty()) {
            StringBuilder query = new StringBuilder("/api/promotions/sku-prices?");
            skus.forEach(sku -> query.append("skuId=").append(encode((String) api.map(sku).get("id"))).append('&'));
            for (Object price : api.list(api.get(query.toString(), null))) {
                if ("TIME_LIMITED".equals(api.map(price).get("source"))) {
                    limited.put((String) api.map(price).get("skuId"), price);
                }
            }
        }
        model.addAttribute("limited", limited);
        return "product";
    }

    /** A placeholder picture: the product's initials on a colour of its own (no image hosting yet). */
    @GetMapping(value = "/assets/placeholder/{id}.svg", produces = "image/svg+xml")
    ResponseEntity<String> placeholder(@PathVariable String id, @RequestParam(defaultValue = "") String name) {
        int hue = Math.floorMod(id.hashCode(), 360);
        String initials = new Pages.Format().initials(name.isBlank() ? id : name).toUpperCase();
        String svg = """
                <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">
                <rect width="400" height="300" fill="hsl(%d,45%%,88%%)"/>
                <circle cx="200" cy="150" r="80" fill="hsl(%d,45%%,70%%)"/>
                <text x="200" y="172" font-family="Georgia,serif" font-size="64" text-anchor="middle" fill="hsl(%d,40%%,25%%)">%s</text>
                </svg>""".formatted(hue, hue, hue, initials.replace("<", "").replace("&", ""));
        return ResponseEntity.ok().contentType(MediaType.valueOf("image/svg+xml"))
                .header("Cache-Control", "max-age=86400").body(svg);
    }

    // ---- cart

    @GetMapping("/cart")
    String cart(Model model) {
        model.addAttribute("cart", api.map(api.get("/api/cart", token())));
        return "cart";
    }

    @PostMapping("/cart/lines")
    String addToCart(@RequestParam String skuId, @RequestParam(defaultValue = "1") int quantity,
            @RequestParam(defaultValue = "") String productId, RedirectAttributes flash) {
        try {
            api.post("/api/cart/lines", token(), Map.of("skuId", skuId, "quantity", quantity));
            flash.addFlashAttribute("notice", "Added to your cart.");
            return "redirect:/cart";
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
            return productId.isBlank() ? "redirect:/cart" : "redirect:/products/" + segment(productId);
        }
    }

    @PostMapping("/cart/lines/{skuId}")
    String updateLine(@PathVariable String skuId, @RequestParam int quantity, RedirectAttributes flash) {
        try {
            if (quantity <= 0) {
                api.delete("/api/cart/lines/" + segment(skuId), token());
            } else {
                api.put("/api/cart/lines/" + segment(skuId), token(), Map.of("quantity", quantity));
            }
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/cart";
    }

    // ---- checkout and payment

    @GetMapping("/checkout")
    String checkout(@RequestParam(defaultValue = "") String coupon, Model model) {
        Map<String, Object> cart = api.map(api.get("/api/cart", token()));
        if (api.list(cart.get("lines")).isEmpty()) {
            return "redirect:/cart";
        }
        model.addAttribute("cart", cart);
        model.addAttribute("coupons", availableCoupons());
        model.addAttribute("coupon", coupon);
        model.addAttribute("idempotencyKey", "ui-" + UUID.randomUUID());
        model.addAttribute("address", defaultAddress());
        quoteInto(model, coupon);
        return "checkout";
    }

    /** The price breakdown for the coupon chosen (an htmx fragment). */
    @PostMapping("/checkout/quote")
    String quote(@RequestParam(defaultValue = "") String coupon, Model model) {
        quoteInto(model, coupon);
        return "checkout :: breakdown";
    }

    private void quoteInto(Model model, String coupon) {
        try {
            model.addAttribute("quote", api.map(api.post("/api/orders/checkout-quotes", token(),
                    Map.of("couponCodes", coupon.isBlank() ? List.of() : List.of(coupon)))));
        } catch (ApiProblem e) {
            model.addAttribute("quoteProblem", e.message());
            if (!coupon.isBlank()) {
                model.addAttribute("quote", api.map(api.post("/api/orders/checkout-quotes", token(),
                        Map.of("couponCodes", List.of()))));
            }
        }
    }

    @PostMapping("/checkout")
    String placeOrder(@RequestParam Map<String, String> form, Model model) {
        Map<String, Object> address = new LinkedHashMap<>();
        for (String field : List.of("name", "phone", "line1", "line2", "city", "region", "postalCode", "country")) {
            String value = form.getOrDefault(field, "").trim();
            if (!value.isEmpty()) {
                address.put(field, value);
            }
        }
        String coupon = form.getOrDefault("coupon", "");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shippingAddress", address);
        if (!coupon.isBlank()) {
            body.put("couponCodes", List.of(coupon));
        }
        try {
            Map<String, Object> placed = api.map(api.post("/api/orders/checkouts", token(), body,
                    Map.of("Idempotency-Key", form.getOrDefault("idempotencyKey", "ui-" + UUID.randomUUID()))));
            if (Boolean.TRUE.equals(placed.get("accepted"))) {
                // 202: the checkout goes on without this request; its page follows it
                String location = (String) placed.get("location");
                return "redirect:/checkout/progress/" + segment(location.substring(location.lastIndexOf('/') + 1));
            }
            String paymentId = (String) api.map(placed.get("payment")).get("id");
            String orderId = (String) api.map(api.list(placed.get("orders")).getFirst()).get("id");
            return "redirect:/pay/" + segment(paymentId) + "?order=" + encode(orderId);
        } catch (ApiProblem e) {
            model.addAttribute("problem", e.message());
            model.addAttribute("cart", api.map(api.get("/api/cart", token())));
            model.addAttribute("coupons", availableCoupons());
            model.addAttribute("coupon", coupon);
            model.addAttribute("idempotencyKey", "ui-" + UUID.randomUUID());
            model.addAttribute("address", form);
            quoteInto(model, "");
            return "checkout";
        }
    }

    /** A checkout answered 202: its progress, polled until its orders exist (then on to the payment) or it was refused. */
    @GetMapping("/checkout/progress/{checkoutId}")
    String checkoutProgress(@PathVariable String checkoutId, Model model) {
        Map<String, Object> progress = api.map(api.get("/api/orders/checkouts/" + segment(checkoutId), token()));
        if (progress.get("checkout") != null) {
            Map<String, Object> placed = api.map(progress.get("checkout"));
            String paymentId = (String) api.map(placed.get("payment")).get("id");
            String orderId = (String) api.map(api.list(placed.get("orders")).getFirst()).get("id");
            return "redirect:/pay/" + segment(paymentId) + "?order=" + encode(orderId);
        }
        model.addAttribute("progress", progress);
        return "checkout-progress";
    }

    @GetMapping("/pay/{paymentId}")
    String pay(@PathVariable String paymentId, @RequestParam String order, Model model) {
        model.addAttribute("payment", api.map(api.get("/api/payments/" + segment(paymentId), token())));
        model.addAttribute("orderId", order);
        return "pay";
    }

    @PostMapping("/pay/{paymentId}/{decision:approve|decline}")
    String decide(@PathVariable String paymentId, @PathVariable String decision, @RequestParam String order) {
        api.post("/api/payments/" + segment(paymentId) + "/sandbox/" + decision, token(), null);
        return "redirect:/orders/" + segment(order) + "?paid=" + decision;
    }

    // ---- orders

    @GetMapping("/orders")
    String orders(@RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("orders", api.map(api.get("/api/orders?size=20&page=" + Math.max(page, 0), token())));
        model.addAttribute("page", page);
        return "orders";
    }

    @GetMapping("/orders/{id}")
    String order(@PathVariable String id, Model model) {
        model.addAttribute("order", api.map(api.get("/api/orders/" + segment(id), token())));
        return "order";
    }

    /** The order's status box, polled by htmx while the payment is being confirmed. */
    @GetMapping("/orders/{id}/status")
    String orderStatus(@PathVariable String id, Model model) {
        model.addAttribute("order", api.map(api.get("/api/orders/" + segment(id), token())));
        return "order :: status";
    }

    @PostMapping("/orders/{id}/{action:cancellation|delivery-confirmation}")
    String orderAction(@PathVariable String id, @PathVariable String action, RedirectAttributes flash) {
        try {
            api.post("/api/orders/" + segment(id) + "/" + action, token(), null);
            flash.addFlashAttribute("notice", action.equals("cancellation") ? "The order was cancelled." : "Thanks: delivery confirmed.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/orders/" + segment(id);
    }

    // ---- flash purchases and coupons

    @PostMapping("/flash/{saleId}/buy")
    String buyFlash(@PathVariable String saleId, @RequestParam(defaultValue = "") String productId, RedirectAttributes flash) {
        try {
            Map<String, Object> purchase = api.map(api.post("/api/promotions/flash-sales/" + segment(saleId) + "/purchases",
                    token(), Map.of("quantity", 1, "shippingAddress", defaultAddress()),
                    Map.of("Idempotency-Key", "ui-" + UUID.randomUUID())));
            flash.addFlashAttribute("notice", "You got one at the flash price! Your order is being placed; pay for it below.");
            return "redirect:/orders?flash=" + encode((String) purchase.get("id"));
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
            return productId.isBlank() ? "redirect:/" : "redirect:/products/" + segment(productId);
        }
    }

    @GetMapping("/account/coupons")
    String coupons(Model model) {
        model.addAttribute("mine", api.list(api.get("/api/promotions/coupons", token())));
        model.addAttribute("claimable", api.list(api.get("/api/promotions/coupon-templates", null)));
        return "coupons";
    }

    @PostMapping("/account/coupons/{templateId}")
    String claim(@PathVariable String templateId, RedirectAttributes flash) {
        try {
            Map<String, Object> coupon = api.map(api.post("/api/promotions/coupon-templates/" + segment(templateId) + "/claims",
                    token(), null));
            flash.addFlashAttribute("notice", "Coupon " + coupon.get("code") + " is yours.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/account/coupons";
    }

    private List<Object> availableCoupons() {
        List<Object> available = new ArrayList<>();
        for (Object c : api.list(api.get("/api/promotions/coupons", token()))) {
            if ("AVAILABLE".equals(api.map(c).get("status"))
                    && Instant.parse((String) api.map(api.map(c).get("template")).get("validUntil")).isAfter(Instant.now())) {
                available.add(c);
            }
        }
        return available;
    }

    /** A starting address for the form (the API keeps no address book yet). */
    private static Map<String, Object> defaultAddress() {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("name", Pages.user() == null ? "" : Pages.user().displayName());
        address.put("phone", "+86 138 0000 0000");
        address.put("line1", "1 Century Avenue");
        address.put("city", "Shanghai");
        address.put("postalCode", "200120");
        address.put("country", "CN");
        return address;
    }

    // ---- accounts

    @GetMapping("/login")
    String login() {
        return "login";
    }

    /**
     * Refusals come here by forward, with the refused request's method: a POST refused for a
     * missing CSRF token must show this 403 page too, not a 405 for "no POST /denied".
     */
    @RequestMapping("/denied")
    String denied(Model model) {
        model.addAttribute("status", 403);
        model.addAttribute("message", "This page is not for your account. Sign in with an account that may see it.");
        return "error-page";
    }

    @GetMapping("/signup")
    String signupForm() {
        return "signup";
    }

    @PostMapping("/signup")
    String signup(@RequestParam String email, @RequestParam String password, @RequestParam(defaultValue = "") String displayName,
            Model model, RedirectAttributes flash, HttpServletRequest request) {
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("email", email.trim());
            body.put("password", password);
            if (!displayName.isBlank()) {
                body.put("displayName", displayName.trim());
            }
            // on the person's behalf: identity's per-address sign-up limit counts their address, not ours
            api.postFor(request.getRemoteAddr(), "/api/identity/customers", body);
            flash.addFlashAttribute("notice", "Welcome! Your account is ready: sign in.");
            return "redirect:/login?email=" + encode(email.trim());
        } catch (ApiProblem e) {
            model.addAttribute("problem", e.message());
            model.addAttribute("email", email);
            model.addAttribute("displayName", displayName);
            return "signup";
        }
    }
}

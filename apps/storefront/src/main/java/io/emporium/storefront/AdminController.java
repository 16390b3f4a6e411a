package io.emporium.storefront;

import static io.emporium.storefront.Pages.token;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The admin console: flash sales, coordination status, parked event deliveries. */
@Controller
@RequestMapping("/admin")
public class AdminController {

    private final PlatformClient api;

    public AdminController(PlatformClient api) {
        this.api = api;
    }

    /**
     * The platform's own numbers: orders per minute over the last 30 minutes (from the newest
     * orders), checkouts served and their mean and worst latency (from the platform's Prometheus
     * metrics), and SKUs of the demo catalogue that are running low.
     */
    @GetMapping
    String dashboard(Model model) {
        java.time.Instant now = java.time.Instant.now();
        int[] perMinute = new int[30];
        Map<String, Object> page = api.map(api.get("/api/orders?size=100", token()));
        for (Object o : api.list(page.get("items"))) {
            java.time.Instant at = java.time.Instant.parse((String) api.map(o).get("createdAt"));
            long ago = java.time.Duration.between(at, now).toMinutes();
            if (ago >= 0 && ago < 30) {
                perMinute[29 - (int) ago]++;
            }
        }
        int max = java.util.Arrays.stream(perMinute).max().orElse(0);
        java.util.List<Map<String, Object>> bars = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            bars.add(Map.of("label", (29 - i) + "m", "count", perMinute[i], "height", max == 0 ? 0 : perMinute[i] * 160 / max));
        }
        model.addAttribute("bars", bars);
        model.addAttribute("totalOrders", page.get("total"));
        model.addAttribute("checkout", CheckoutMetrics.read(api));
        model.addAttribute("lowStock", lowStock());
        return "admin/dashboard";
    }

    /** SKUs shown as LOW_STOCK or OUT_OF_STOCK on the newest 15 products' pages (one call each: kept short). */
    private java.util.List<Map<String, Object>> lowStock() {
        java.util.List<Map<String, Object>> low = new java.util.ArrayList<>();
        for (Object p : api.list(api.map(api.get("/api/catalog/products?size=15&sort=newest", null)).get("items"))) {
            Map<String, Object> product = api.map(api.get("/api/catalog/products/" + Pages.segment((String) api.map(p).get("id")), null));
            for (Object s : api.list(product.get("skus"))) {
                Map<String, Object> sku = api.map(s);
                Map<String, Object> availability = api.map(sku.get("availability"));
                if (!"IN_STOCK".equals(availability.get("state"))) {
                    low.add(Map.of("product", product.get("name"), "code", sku.get("code"), "available",
                            availability.get("available"), "state", availability.get("state")));
                }
            }
        }
        return low;
    }

    /** Merchants (from their staff accounts) with how many products each lists. */
    @GetMapping("/merchants")
    String merchants(Model model) {
        java.util.List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (Object m : api.list(api.get("/api/identity/merchants", token()))) {
            Map<String, Object> merchant = api.map(m);
            Object products = api.map(api.get("/api/catalog/products?size=1&merchant="
                    + Pages.encode((String) merchant.get("merchantId")), null)).get("total");
            Map<String, Object> row = new LinkedHashMap<>(merchant);
            row.put("products", products);
            rows.add(row);
        }
        model.addAttribute("merchants", rows);
        return "admin/merchants";
    }

    @GetMapping("/coupons")
    String coupons(Model model) {
        model.addAttribute("templates", api.list(api.get("/api/promotions/managed/coupon-templates", token())));
        return "admin/coupons";
    }

    /** A platform-wide coupon: fixed amount, or amount off from a minimum spend. */
    @PostMapping("/coupons")
    String createCoupon(@RequestParam String name, @RequestParam String amount, @RequestParam(defaultValue = "") String minSpend,
            @RequestParam int days, @RequestParam int totalCap, @RequestParam int perCustomerLimit, RedirectAttributes flash) {
        try {
            api.post("/api/promotions/coupon-templates", token(), CouponForm.template(name, amount, minSpend, days, totalCap,
                    perCustomerLimit, null));
            flash.addFlashAttribute("notice", "Platform coupon created.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/admin/coupons";
    }

    @GetMapping("/flash-sales")
    String flashSales(Model model) {
        model.addAttribute("sales", api.list(api.get("/api/promotions/flash-sales?all=true", token())));
        model.addAttribute("form", Map.of());
        return "admin/flash-sales";
    }

    /** Times are entered in UTC (the form says so); the API takes instants. */
    @PostMapping("/flash-sales")
    String createFlashSale(@RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("skuId", form.getOrDefault("skuId", "").trim());
            body.put("price", Map.of("amount", form.getOrDefault("price", "").trim(), "currency", "CNY"));
            body.put("stock", Integer.parseInt(form.getOrDefault("stock", "0").trim()));
            body.put("perCustomerLimit", Integer.parseInt(form.getOrDefault("perCustomerLimit", "0").trim()));
            body.put("startsAt", LocalDateTime.parse(form.getOrDefault("startsAt", "")).toInstant(ZoneOffset.UTC).toString());
            body.put("endsAt", LocalDateTime.parse(form.getOrDefault("endsAt", "")).toInstant(ZoneOffset.UTC).toString());
            Map<String, Object> sale = api.map(api.post("/api/promotions/flash-sales", token(), body));
            flash.addFlashAttribute("notice", "Flash sale of " + sale.get("productName") + " created.");
            return "redirect:/admin/flash-sales";
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            model.addAttribute("problem", "Please check the numbers and the times (stock and limit are whole numbers; times like 2026-11-24T18:00).");
        } catch (ApiProblem e) {
            model.addAttribute("problem", e.message());
        }
        model.addAttribute("sales", api.list(api.get("/api/promotions/flash-sales?all=true", token())));
        model.addAttribute("form", form);
        return "admin/flash-sales";
    }

    /** Event deliveries that failed too often and wait for an admin; newest parked first. */
    @GetMapping("/event-deliveries")
    String eventDeliveries(@RequestParam(defaultValue = "0") int page, Model model) {
        Map<String, Object> parked = api.map(api.get("/api/admin/event-deliveries?state=PARKED&size=50&page=" + Math.max(0, page), token()));
        model.addAttribute("deliveries", api.list(parked.get("items")));
        model.addAttribute("total", parked.get("total"));
        model.addAttribute("page", Math.max(0, page));
        model.addAttribute("hasMore", ((Number) parked.get("total")).longValue() > (Math.max(0, page) + 1) * 50L);
        return "admin/event-deliveries";
    }

    @PostMapping("/event-deliveries/{id}/resubmit")
    String resubmitEventDelivery(@org.springframework.web.bind.annotation.PathVariable String id, RedirectAttributes flash) {
        try {
            api.post("/api/admin/event-deliveries/" + Pages.segment(id) + "/resubmit", token(), null);
            flash.addFlashAttribute("notice", "Delivery resubmitted; the events of its aggregate that waited behind it follow.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/admin/event-deliveries";
    }

    @GetMapping("/coordination")
    String coordination(Model model) {
        model.addAttribute("coordination", api.map(api.get("/api/admin/coordination", token())));
        return "admin/coordination";
    }
}

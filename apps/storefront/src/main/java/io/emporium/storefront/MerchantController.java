package io.emporium.storefront;

import static io.emporium.storefront.Pages.encode;
import static io.emporium.storefront.Pages.segment;
import static io.emporium.storefront.Pages.token;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The merchant console: orders to ship and refunds to decide, products and stock, sales per day. */
@Controller
@RequestMapping("/merchant")
public class MerchantController {

    static final List<String> STATUSES = List.of("PENDING_PAYMENT", "PAID", "SHIPPED", "DELIVERED", "COMPLETED", "CANCELLED",
            "REFUND_REQUESTED", "REFUNDED");

    private final PlatformClient api;

    public MerchantController(PlatformClient api) {
        this.api = api;
    }

    @GetMapping
    String dashboard(Model model) {
        // sales per day over the last 14 days, from the merchant's paid-or-later orders (the newest 100)
        Map<LocalDate, double[]> days = new LinkedHashMap<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 13; i >= 0; i--) {
            days.put(today.minusDays(i), new double[] {0, 0});
        }
        Map<String, Object> page = api.map(api.get("/api/orders?size=100", token()));
        for (Object o : api.list(page.get("items"))) {
            Map<String, Object> order = api.map(o);
            String status = (String) order.get("status");
            if (status.equals("PENDING_PAYMENT") || status.equals("CANCELLED")) {
                continue;
            }
            LocalDate day = java.time.Instant.parse((String) order.get("createdAt")).atOffset(ZoneOffset.UTC).toLocalDate();
            double[] sums = days.get(day);
            if (sums != null) {
                sums[0] += Double.parseDouble(String.valueOf(api.map(order.get("total")).get("amount")));
                sums[1] += 1;
            }
        }
        double max = days.values().stream().mapToDouble(d -> d[0]).max().orElse(0);
        List<Map<String, Object>> bars = new ArrayList<>();
        for (var entry : days.entrySet()) {
            double height = max == 0 ? 0 : entry.getValue()[0] / max * 160;
            bars.add(Map.of("day", entry.getKey().toString().substring(5), "amount", String.format("%.2f", entry.getValue()[0]),
                    "orders", (int) entry.getValue()[1], "height", (int) Math.round(height)));
        }
        model.addAttribute("bars", bars);
        model.addAttribute("recent", page.get("items"));
        model.addAttribute("totalOrders", page.get("total"));
        return "merchant/dashboard";
    }

    @GetMapping("/orders")
    String orders(@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "0") int page, Model model) {
        String filter = STATUSES.contains(status) ? "&status=" + status : "";
        model.addAttribute("orders", api.map(api.get("/api/orders?size=20&page=" + Math.max(page, 0) + filter, token())));
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("status", status);
        model.addAttribute("page", page);
        return "merchant/orders";
    }

    @PostMapping("/orders/{id}/shipment")
    String ship(@PathVariable String id, @RequestParam String carrier, @RequestParam String trackingNumber,
            RedirectAttributes flash) {
        try {
            api.post("/api/orders/" + segment(id) + "/shipment", token(), Map.of("carrier", carrier.trim(),
                    "trackingNumber", trackingNumber.trim()));
            flash.addFlashAttribute("notice", "Order " + id + " is marked shipped.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/merchant/orders";
    }

    @PostMapping("/orders/{id}/refund-decision")
    String decideRefund(@PathVariable String id, @RequestParam boolean approve, @RequestParam(defaultValue = "") String note,
            RedirectAttributes flash) {
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("approve", approve);
            if (!note.isBlank()) {
                body.put("note", note.trim());
            }
            api.post("/api/orders/" + segment(id) + "/refund-decision", token(), body);
            flash.addFlashAttribute("notice", approve ? "Refund approved; the money is on its way back." : "Refund rejected.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/merchant/orders?status=REFUND_REQUESTED";
    }

    @GetMapping("/products")
    String products(@RequestParam(defaultValue = "0") int page, Model model) {
        String merchant = Pages.user().merchantId();
        model.addAttribute("products", api.map(api.get("/api/catalog/products?size=20&sort=newest&merchant="
                + encode(merchant) + "&page=" + Math.max(page, 0), token())));
        model.addAttribute("page", page);
        return "merchant/products";
    }

    @PostMapping("/products/{id}/publication")
    String publication(@PathVariable String id, @RequestParam boolean publish, RedirectAttributes flash) {
        try {
            if (publish) {
                api.put("/api/catalog/products/" + segment(id) + "/publication", token(), null);
            } else {
                api.delete("/api/catalog/products/" + segment(id) + "/publication", token());
            }
            flash.addFlashAttribute("notice", publish ? "Published." : "Withdrawn from sale.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/merchant/products";
    }

    @GetMapping("/products/{id}")
    String product(@PathVariable String id, Model model) {
        model.addAttribute("product", api.map(api.get("/api/catalog/products/" + segment(id), token())));
        return "merchant/product";
    }

    @GetMapping("/products/new")
    String newProduct(Model model) {
        model.addAttribute("categories", leafCategories());
        model.addAttribute("form", Map.of());
        return "merchant/new-product";
    }

    /** A new product with its first SKU; "colour=Red, size=M" becomes the SKU's attributes. */
    @PostMapping("/products")
    String createProduct(@RequestParam Map<String, String> form, Model model, RedirectAttributes flash) {
        try {
            Map<String, Object> sku = new LinkedHashMap<>();
            sku.put("code", form.getOrDefault("code", "").trim());
            sku.put("attributes", attributes(form.getOrDefault("attributes", "")));
            sku.put("price", Map.of("amount", form.getOrDefault("price", "").trim(), "currency", "CNY"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("categoryId", form.getOrDefault("categoryId", ""));
            body.put("name", form.getOrDefault("name", "").trim());
            body.put("description", form.getOrDefault("description", "").trim());
            body.put("skus", List.of(sku));
            body.put("publish", "on".equals(form.get("publish")));
            Map<String, Object> product = api.map(api.post("/api/catalog/products", token(), body));
            flash.addFlashAttribute("notice", "Product created. Receive stock for it below.");
            return "redirect:/merchant/products/" + segment((String) product.get("id"));
        } catch (ApiProblem e) {
            model.addAttribute("problem", e.message());
            model.addAttribute("categories", leafCategories());
            model.addAttribute("form", form);
            return "merchant/new-product";
        }
    }

    @PostMapping("/products/{id}/details")
    String editProduct(@PathVariable String id, @RequestParam String name, @RequestParam String description,
            RedirectAttributes flash) {
        try {
            api.patch("/api/catalog/products/" + segment(id), token(), Map.of("name", name.trim(), "description", description.trim()));
            flash.addFlashAttribute("notice", "Saved.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/merchant/products/" + segment(id);
    }

    @PostMapping("/products/{id}/skus")
    String addSku(@PathVariable String id, @RequestParam String code, @RequestParam String price,
            @RequestParam(defaultValue = "") String attributes, RedirectAttributes flash) {
        try {
            api.post("/api/catalog/products/" + segment(id) + "/skus", token(), Map.of("code", code.trim(),
                    "attributes", attributes(attributes), "price", Map.of("amount", price.trim(), "currency", "CNY")));
            flash.addFlashAttribute("notice", "Variant added.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/merchant/products/" + segment(id);
    }

    // ---- the merchant's own promotions

    @GetMapping("/promotions")
    String promotions(Model model) {
        model.addAttribute("templates", api.list(api.get("/api/promotions/managed/coupon-templates", token())));
        model.addAttribute("schedules", api.list(api.get("/api/promotions/price-schedules", token())));
        model.addAttribute("thresholds", api.list(api.get("/api/promotions/threshold-discounts", token())));
        return "merchant/promotions";
    }

    /** A fixed-amount coupon for the merchant's goods, from now for the days given. */
    @PostMapping("/promotions/coupons")
    String createCoupon(@RequestParam String name, @RequestParam String amount, @RequestParam(defaultValue = "") String minSpend,
            @RequestParam int days, @RequestParam int totalCap, @RequestParam int perCustomerLimit, RedirectAttributes flash) {
        try {
            api.post("/api/promotions/coupon-templates", token(), CouponForm.template(name, amount, minSpend, days, totalCap,
                    perCustomerLimit, Pages.user().merchantId()));
            flash.addFlashAttribute("notice", "Coupon created: customers can claim it now.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/merchant/promotions";
    }

    /** "Spend X, save Y" on the merchant's goods, with an optional second tier, from now for the days given. */
    @PostMapping("/promotions/thresholds")
    String createThreshold(@RequestParam String name, @RequestParam String threshold, @RequestParam String discount,
            @RequestParam(defaultValue = "") String threshold2, @RequestParam(defaultValue = "") String discount2,
            @RequestParam int days, RedirectAttributes flash) {
        try {
            java.time.Instant now = java.time.Instant.now();
            List<Map<String, Object>> tiers = new ArrayList<>();
            tiers.add(Map.of("threshold", Map.of("amount", threshold.trim(), "currency", "CNY"),
                    "discount", Map.of("amount", discount.trim(), "currency", "CNY")));
            if (!threshold2.isBlank() && !discount2.isBlank()) {
                tiers.add(Map.of("threshold", Map.of("amount", threshold2.trim(), "currency", "CNY"),
                        "discount", Map.of("amount", discount2.trim(), "currency", "CNY")));
            }
            api.post("/api/promotions/threshold-discounts", token(), Map.of("name", name.trim(), "tiers", tiers,
                    "scope", Map.of("kind", "MERCHANT", "ids", List.of(Pages.user().merchantId())),
                    "startsAt", now.toString(), "endsAt", now.plus(java.time.Duration.ofDays(Math.max(days, 1))).toString()));
            flash.addFlashAttribute("notice", "Spend-more discount is on.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/merchant/promotions";
    }

    /** A limited-time price for one of the merchant's SKUs (times in UTC). */
    @PostMapping("/promotions/prices")
    String schedulePrice(@RequestParam String skuId, @RequestParam String price, @RequestParam String startsAt,
            @RequestParam String endsAt, RedirectAttributes flash) {
        try {
            api.post("/api/promotions/price-schedules", token(), Map.of("skuId", skuId.trim(),
                    "price", Map.of("amount", price.trim(), "currency", "CNY"),
                    "startsAt", java.time.LocalDateTime.parse(startsAt).toInstant(ZoneOffset.UTC).toString(),
                    "endsAt", java.time.LocalDateTime.parse(endsAt).toInstant(ZoneOffset.UTC).toString()));
            flash.addFlashAttribute("notice", "Limited-time price scheduled.");
        } catch (java.time.format.DateTimeParseException e) {
            flash.addFlashAttribute("problem", "Please give the start and end like 2026-11-24T18:00.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/merchant/promotions";
    }

    private List<Map<String, Object>> leafCategories() {
        List<Map<String, Object>> leaves = new ArrayList<>();
        for (Object root : api.list(api.get("/api/catalog/categories", null))) {
            collectLeaves(api.map(root), "", leaves);
        }
        return leaves;
    }

    private void collectLeaves(Map<String, Object> category, String path, List<Map<String, Object>> leaves) {
        String name = path.isEmpty() ? (String) category.get("name") : path + " › " + category.get("name");
        List<Object> children = api.list(category.get("children"));
        if (children.isEmpty()) {
            leaves.add(Map.of("id", category.get("id"), "name", name));
        }
        children.forEach(c -> collectLeaves(api.map(c), name, leaves));
    }

    static Map<String, String> attributes(String text) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && !kv[0].isBlank() && !kv[1].isBlank()) {
                attributes.put(kv[0].trim(), kv[1].trim());
            }
        }
        return attributes;
    }

    @PostMapping("/stock/{skuId}")
    String receive(@PathVariable String skuId, @RequestParam int quantity, @RequestParam String productId,
            RedirectAttributes flash) {
        try {
            api.post("/api/inventory/skus/" + segment(skuId) + "/receipts", token(), Map.of("quantity", quantity));
            flash.addFlashAttribute("notice", quantity + " unit(s) received.");
        } catch (ApiProblem e) {
            flash.addFlashAttribute("problem", e.message());
        }
        return "redirect:/merchant/products/" + segment(productId);
    }
}

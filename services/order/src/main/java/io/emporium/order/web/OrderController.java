package io.emporium.order.web;

import io.emporium.kernel.Page;
import io.emporium.kernel.PageRequest;
import io.emporium.order.api.CheckoutRequest;
import io.emporium.order.api.CheckoutView;
import io.emporium.order.api.OrderView;
import io.emporium.order.api.RefundDecision;
import io.emporium.order.api.RefundRequestBody;
import io.emporium.order.api.ShipmentRequest;
import io.emporium.order.application.CheckoutService;
import io.emporium.order.application.OrderService;
import io.emporium.order.application.SagaBulkhead;
import io.emporium.order.domain.OrderStatus;
import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.security.Caller;
import io.emporium.platform.security.CurrentCaller;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Checkout and orders: customers see and act on their own, merchants on theirs, admins see all. */
@RestController
@RequestMapping("/api/orders")
public class OrderController {

    private final CheckoutService checkouts;
    private final OrderService orders;
    private final SagaBulkhead bulkhead;

    public OrderController(CheckoutService checkouts, OrderService orders, SagaBulkhead bulkhead) {
        this.checkouts = checkouts;
        this.orders = orders;
        this.bulkhead = bulkhead;
    }

    /** The price breakdown of the caller's cart with the coupons given, holding nothing. */
    @PostMapping("/checkout-quotes")
    public io.emporium.promotion.api.PriceQuote quote(@Valid @RequestBody(required = false) QuoteRequest request) {
        return checkouts.quote(CurrentCaller.get().requireCustomer().value(), request == null ? List.of() : request.couponCodes());
    }

    public record QuoteRequest(@jakarta.validation.constraints.Size(max = 5)
            List<@jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 64) String> couponCodes) {
    }

    @PostMapping("/checkouts")
    public ResponseEntity<CheckoutView> checkout(@RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody CheckoutRequest request) {
        Caller caller = CurrentCaller.get();
        CheckoutService.Result result = checkouts.checkout(caller.requireCustomer().value(), key, request);
        return ResponseEntity.created(URI.create("/api/orders/" + result.checkout().orders().getFirst().id()))
                .header("Idempotent-Replayed", Boolean.toString(result.replayed()))
                .body(result.checkout());
    }

    @GetMapping
    public Page<OrderView> list(@RequestParam Optional<String> status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Optional<OrderStatus> filter = status.map(s -> {
            try {
                return OrderStatus.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("invalid-request", "status must be one of " + java.util.Arrays.toString(OrderStatus.values()));
            }
        });
        return orders.list(CurrentCaller.get(), filter, new PageRequest(page, size));
    }

    @GetMapping("/{orderId}")
    public OrderView order(@PathVariable String orderId) {
        return orders.order(orderId, CurrentCaller.get());
    }

    @PostMapping("/{orderId}/cancellation")
    public OrderView cancel(@PathVariable String orderId) {
        Caller caller = CurrentCaller.get();
        return bulkhead.run(() -> orders.cancelByCustomer(orderId, caller));
    }

    @PostMapping("/{orderId}/shipment")
    public OrderView ship(@PathVariable String orderId, @Valid @RequestBody ShipmentRequest shipment) {
        return orders.ship(orderId, CurrentCaller.get(), shipment.carrier(), shipment.trackingNumber());
    }

    @PostMapping("/{orderId}/delivery-confirmation")
    public OrderView confirmDelivery(@PathVariable String orderId) {
        return orders.confirmDelivery(orderId, CurrentCaller.get());
    }

    @PostMapping("/{orderId}/refund-request")
    public OrderView requestRefund(@PathVariable String orderId, @Valid @RequestBody RefundRequestBody request) {
        return orders.requestRefund(orderId, CurrentCaller.get(), request.reason());
    }

    @PostMapping("/{orderId}/refund-decision")
    public OrderView decideRefund(@PathVariable String orderId, @Valid @RequestBody RefundDecision decision) {
        Caller caller = CurrentCaller.get();
        return bulkhead.run(() -> orders.decideRefund(orderId, caller, decision.approve(), decision.note()));
    }
}

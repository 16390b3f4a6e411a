package io.emporium.order.application;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.kernel.PostalAddress;
import io.emporium.order.api.CheckoutProgress;
import io.emporium.order.api.CheckoutRequest;
import io.emporium.order.api.CheckoutView;
import io.emporium.order.api.Pricing;
import io.emporium.order.saga.CheckoutData;
import io.emporium.order.saga.CheckoutSaga;
import io.emporium.order.saga.CheckoutSagaRow;
import io.emporium.order.saga.CheckoutState;
import io.emporium.order.saga.CheckoutStore;
import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.ForbiddenException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.ProblemException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.promotion.api.FlashPurchaseAdmitted;
import io.emporium.promotion.api.PriceQuote;
import io.emporium.promotion.api.PricingRequest;
import io.emporium.promotion.api.PromotionApi;
import io.emporium.cart.api.CartApi;
import io.emporium.cart.api.CartView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts checkout sagas and answers for them. A request inserts the saga's row (one per customer and
 * idempotency key; while another checkout of the customer holds the cart, it waits for that one), then
 * drives the steps itself for up to {@code answerWithin}: when the orders exist by then it answers 201
 * with them, when the checkout was refused it answers the refusal, and otherwise 202 with the
 * checkout's URL while the saga goes on (a slow or failing participant; the resume job finishes it).
 */
public class CheckoutService {

    private static final Logger log = LoggerFactory.getLogger(CheckoutService.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{8,128}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final long POLL_MILLIS = 20;

    private final CheckoutSaga saga;
    private final CheckoutStore store;
    private final CartApi carts;
    private final PromotionApi promotions;
    private final ExecutorService drivers;
    private final JsonMapper json;
    private final Clock clock;
    private final Duration answerWithin;

    public CheckoutService(CheckoutSaga saga, CheckoutStore store, CartApi carts, PromotionApi promotions,
            ExecutorService drivers, JsonMapper json, Clock clock, Duration answerWithin) {
        this.saga = saga;
        this.store = store;
        this.carts = carts;
        this.promotions = promotions;
        this.drivers = drivers;
        this.json = json;
        this.clock = clock;
        this.answerWithin = answerWithin;
    }

    /** Placed: the orders exist (201). Otherwise the checkout goes on without the request (202). */
    public record Result(CheckoutView checkout, CheckoutProgress progress, boolean replayed) {
        public boolean placed() {
            return checkout != null;
        }
    }

    public Result checkout(CustomerId customerId, String idempotencyKey, CheckoutRequest request) {
        if (idempotencyKey == null || !KEY.matcher(idempotencyKey).matches()) {
            throw new BadRequestException("idempotency-key-required",
                    "an Idempotency-Key header of 8 to 128 letters, digits, '_', '.', ':' or '-' is required");
        }
        if (!COUNTRIES.contains(request.shippingAddress().country())) {
            throw new BadRequestException("invalid-request", "shippingAddress.country: not an ISO 3166 country code");
        }
        String hash = hash(request);
        long deadline = System.nanoTime() + answerWithin.toNanos();
        PostalAddress shipTo = request.shippingAddress();
        while (true) {
            // the insert comes first (a new key is the common case); a taken key or a busy cart looks for the earlier one
            Instant now = clock.instant();
            CheckoutSagaRow row = new CheckoutSagaRow(CheckoutId.newId(), customerId, idempotencyKey, hash,
                    CheckoutState.PRICING, CheckoutData.cart(shipTo, request.couponCodes()), null, 0, null,
                    now.plus(CheckoutSaga.LEASE), 1, now); // leased to this request, which drives it
            CheckoutStore.Insert inserted = store.insert(row);
            if (inserted == CheckoutStore.Insert.INSERTED) {
                var settled = awaitSettled(row, deadline);
                if (settled.isEmpty()) {
                    continue;
                }
                return answer(settled.get(), false);
            }
            var earlier = store.findByKey(customerId, idempotencyKey);
            if (earlier.isPresent()) {
                CheckoutSagaRow found = earlier.get();
                if (!found.requestHash().equals(hash)) {
                    throw new UnprocessableException("idempotency-key-reused",
                            "this Idempotency-Key was used for a different checkout request");
                }
                if (found.state() != CheckoutState.FAILED) {
                    var settled = awaitSettled(found.id(), deadline);
                    if (settled.isEmpty()) {
                        continue; // refused and removed meanwhile: this request tries anew
                    }
                    return answer(settled.get(), true);
                }
                // a refused checkout took nothing: the same request may be tried again as a new checkout
                store.deleteFailed(found.id());
                continue;
            }
            if (inserted == CheckoutStore.Insert.CART_BUSY) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new ConflictException("checkout-in-progress",
                            "another checkout of this cart is still in progress; try again in a moment");
                }
                pause();
            }
            // KEY_TAKEN, and gone again (refused and removed meanwhile): try anew
        }
    }

    /**
     * Drives the saga this request has just inserted on a driver thread, waiting for it at most until {@code deadline}:
     * until its orders are recorded (the driver then goes on to take the bought lines off the cart, without the
     * request), or it stopped short of them.
     */
    private java.util.Optional<CheckoutSagaRow> awaitSettled(CheckoutSagaRow inserted, long deadline) {
        CompletableFuture<CheckoutSagaRow> answerable = new CompletableFuture<>();
        try {
            drivers.execute(() -> {
                try {
                    answerable.complete(saga.driveAsOwner(inserted, answerable::complete));
                } catch (RuntimeException e) {
                    if (!answerable.completeExceptionally(e)) {
                        // the request was answered already (the orders exist): nobody else hears of it
                        log.warn("driving checkout {} failed after its answer; the resume job takes it up: {}",
                                inserted.id(), e.toString());
                    }
                }
            });
            CheckoutSagaRow left = answerable.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (left != null && (left.state().hasOrders() || !left.state().isDrivable())) {
                return java.util.Optional.of(left); // as the driver left it or recorded its orders: no need to read it again
            }
        } catch (TimeoutException e) {
            // slow: the driver goes on without the request
        } catch (ExecutionException e) {
            log.warn("driving checkout {} failed: {}", inserted.id(), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return awaitOthers(inserted.id(), deadline);
    }

    /** Drives an earlier saga (or waits for the driver that has it), at most until {@code deadline}. */
    private java.util.Optional<CheckoutSagaRow> awaitSettled(CheckoutId id, long deadline) {
        Future<CheckoutSagaRow> driving = drivers.submit(() -> saga.drive(id));
        try {
            driving.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // slow: the driver goes on without the request
        } catch (ExecutionException e) {
            log.warn("driving checkout {} failed: {}", id, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return awaitOthers(id, deadline);
    }

    private java.util.Optional<CheckoutSagaRow> awaitOthers(CheckoutId id, long deadline) {
        var row = store.find(id);
        // another driver has it (a concurrent request with the same key): wait for that one, within the bound
        while (row.isPresent() && row.get().state().isDrivable() && row.get().lastError() == null
                && System.nanoTime() - deadline < 0) {
            pause();
            row = store.find(id);
        }
        return row;
    }

    private Result answer(CheckoutSagaRow row, boolean replayed) {
        if (row.state().hasOrders()) {
            return new Result(row.data().view(), progress(row), replayed);
        }
        if (row.problem() != null && (row.state() == CheckoutState.FAILED || row.state() == CheckoutState.FAILING)) {
            if (row.state() == CheckoutState.FAILED) {
                // the refusal is answered and nothing is held: a refused request leaves nothing behind
                store.deleteFailed(row.id());
            }
            throw refusal(row.problem());
        }
        return new Result(null, progress(row), replayed);
    }

    /** Where a checkout of the caller stands. */
    public CheckoutProgress progress(CustomerId customerId, CheckoutId checkoutId) {
        CheckoutSagaRow row = store.find(checkoutId).filter(r -> r.customerId().equals(customerId))
                .orElseThrow(() -> new NotFoundException("unknown-checkout", "checkout " + checkoutId + " does not exist"));
        return progress(row);
    }

    private static CheckoutProgress progress(CheckoutSagaRow row) {
        return new CheckoutProgress(row.id().value(), row.state().name(), row.state().hasOrders() ? row.data().view() : null,
                row.problem() == null ? null : row.problem().type(), row.problem() == null ? null : row.problem().detail());
    }

    private static ProblemException refusal(CheckoutSagaRow.StoredProblem problem) {
        var properties = problem.properties() == null ? java.util.Map.<String, Object>of() : problem.properties();
        return switch (problem.status()) {
            case 400 -> new BadRequestException(problem.type(), problem.detail(), properties);
            case 403 -> new ForbiddenException(problem.type(), problem.detail(), properties);
            case 404 -> new NotFoundException(problem.type(), problem.detail(), properties);
            case 409 -> new ConflictException(problem.type(), problem.detail(), properties);
            default -> new UnprocessableException(problem.type(), problem.detail(), properties);
        };
    }

    /** A preview of the caller's cart at checkout: the price breakdown with the coupons given, holding nothing. */
    public Pricing quote(CustomerId customerId, List<String> couponCodes) {
        CartView cart = carts.cartOf(customerId.value());
        List<CartView.Line> lines = cart.lines().stream().filter(CartView.Line::onSale).toList();
        if (lines.isEmpty()) {
            throw new UnprocessableException("empty-cart", "the cart has nothing that can be bought now");
        }
        return OrderViews.pricing(promotions.quote(new PricingRequest(customerId.value(), lines.stream()
                .map(l -> new PricingRequest.Item(l.skuId(), l.productId(), l.merchantId(), l.categoryIds(), l.quantity(),
                        l.unitPrice())).toList(), couponCodes == null ? List.of() : couponCodes)));
    }

    /**
     * An admitted flash purchase becomes a checkout saga whose id is the purchase id (a redelivered event
     * finds it and does nothing). Runs in the event's inbox transaction; the saga is driven after its
     * commit. If the order cannot be placed, the saga fails and its compensation releases the units.
     */
    public void placeFlashOrder(FlashPurchaseAdmitted event) {
        Instant now = clock.instant();
        String key = "flash:" + event.purchaseId();
        CheckoutSagaRow row = new CheckoutSagaRow(new CheckoutId(event.purchaseId()), new CustomerId(event.customerId()), key, key,
                CheckoutState.PRICING, CheckoutData.flash(event.shippingAddress(), event.skuId(), event.quantity()),
                null, 0, null, now.plus(CheckoutSaga.LEASE), 1, now);
        if (store.insertIfAbsent(row)) {
            driveAfterCommit(row.id());
        }
    }

    /**
     * Drives the saga, whose lease the caller was given, once the caller's transaction has committed (or now,
     * outside one), on a driver thread. If the commit fails or the process dies, the lease runs out and the resume
     * job takes it up.
     */
    public void driveAfterCommit(CheckoutId id) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    submit(id);
                }
            });
        } else {
            submit(id);
        }
    }

    private void submit(CheckoutId id) {
        try {
            drivers.submit(() -> {
                try {
                    saga.driveAsOwner(id);
                } catch (RuntimeException e) {
                    log.warn("driving checkout {} failed; the resume job takes it up: {}", id, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down: the resume job drives it after the next start
        }
    }

    /**
     * The wait between two looks at a saga row that another driver (or another checkout of the cart) holds: that
     * driver may run in another process, so there is nothing to be notified by; the loops are bounded by the deadline.
     */
    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.emporium.platform.problem.ServiceUnavailableException("interrupted", "the request was interrupted",
                    java.util.Map.of("retryAfterSeconds", 1));
        }
    }

    private String hash(CheckoutRequest request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.emporium.promotion.application;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.emporium.kernel.Identifiers;
import io.emporium.messaging.Outbox;
import io.emporium.platform.problem.BadRequestException;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.ProblemException;
import io.emporium.platform.problem.ServiceUnavailableException;
import io.emporium.platform.problem.TooManyRequestsException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.promotion.api.FlashPurchaseAdmitted;
import io.emporium.promotion.api.FlashPurchaseRequest;
import io.emporium.promotion.api.FlashPurchaseView;
import io.emporium.promotion.api.ShipTo;
import io.emporium.promotion.infrastructure.FlashRepository;
import io.emporium.promotion.infrastructure.FlashRepository.Claim;
import io.emporium.promotion.infrastructure.FlashRepository.Sale;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flash purchase endpoint's admission queue. Requests are checked in memory first (rate
 * limits → 429, window, limit, a recent sold-out → 409/422, all without the database); the rest
 * are queued, and one writer thread per process admits them in batches: one transaction per
 * batch counts each customer's units against the limit (a conditional upsert), takes the batch's
 * units from the stock buckets with one locked read and one update per bucket, writes the claims
 * and their {@link FlashPurchaseAdmitted} events (outbox), and commits once. So the hot stock row
 * is written once per batch, not once per buyer, and a commit's fsync serves the whole batch.
 * The order center turns each admitted purchase into an order waiting for payment.
 *
 * <p>No request can make another fail: each is validated in full before it enters a batch, and a
 * batch the database still refuses is split in halves and tried again, down to the one member that
 * fails, which alone is refused (422 when the database refuses its data, 503 otherwise). Failures of
 * the database itself (unreachable, timed out) are not split: they fail the batch, each member with 503.
 */
@Component
public class FlashAdmission implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FlashAdmission.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{8,128}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final FlashRepository flash;
    private final FlashSaleCache cache;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Validator validator;
    private final Clock clock;
    private final int batchSize;
    private final BlockingQueue<Pending> queue;
    private final RateLimiter global;
    private final RateLimiterConfig perCustomerConfig;
    private final Cache<String, RateLimiter> perCustomer = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofMinutes(2)).build();
    private final int homeBucket = ThreadLocalRandom.current().nextInt(1 << 16);
    private volatile Thread writer;
    private volatile boolean running;

    public FlashAdmission(FlashRepository flash, FlashSaleCache cache, TransactionTemplate transactions, Outbox outbox,
            JsonMapper json, Validator validator, Clock clock, PromotionSettings settings) {
        this.validator = validator;
        this.flash = flash;
        this.cache = cache;
        this.transactions = transactions;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.batchSize = settings.admissionBatch();
        this.queue = new ArrayBlockingQueue<>(settings.admissionQueue());
        this.global = RateLimiter.of("flash-purchases", RateLimiterConfig.custom().limitForPeriod(settings.globalPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build());
        this.perCustomerConfig = RateLimiterConfig.custom().limitForPeriod(settings.perCustomerPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1)).timeoutDuration(Duration.ZERO).build();
    }

    private record Pending(Sale sale, String customerId, int quantity, ShipTo address, String key,
            CompletableFuture<FlashPurchaseView> result) {
    }

    /** Admits a purchase or refuses it with a problem; blocks until the writer has decided (a few ms). */
    public FlashPurchaseView purchase(String saleId, String customerId, String idempotencyKey, FlashPurchaseRequest request) {
        if (!global.acquirePermission()) {
            throw new TooManyRequestsException("rate-limited", "too many flash purchases right now; try again shortly", 1);
        }
        if (!perCustomer.get(customerId, c -> RateLimiter.of("flash-" + c, perCustomerConfig)).acquirePermission()) {
            throw new TooManyRequestsException("rate-limited", "too many purchase attempts from this account; slow down", 1);
        }
        if (idempotencyKey != null && !KEY.matcher(idempotencyKey).matches()) {
            throw new BadRequestException("invalid-idempotency-key",
                    "an Idempotency-Key is 8 to 128 letters, digits, '_', '.', ':' or '-'");
        }
        requireValid(request);
        if (!COUNTRIES.contains(request.shippingAddress().country())) {
            throw new BadRequestException("invalid-request",
                    "shippingAddress.country: not an ISO 3166 country code");
        }
        Identifiers.requireValid(saleId, "flash sale id");
        Sale sale = cache.sale(saleId).orElseThrow(
                () -> new NotFoundException("unknown-flash-sale", "flash sale " + saleId + " does not exist"));
        Instant now = clock.instant();
        if (!"SCHEDULED".equals(sale.status()) || !now.isBefore(sale.endsAt())) {
            throw new ConflictException("flash-sale-ended", "flash sale " + saleId + " ended at " + sale.endsAt(),
                    Map.of("endsAt", sale.endsAt().toString()));
        }
        if (now.isBefore(sale.startsAt())) {
            throw new ConflictException("flash-sale-not-started", "flash sale " + saleId + " starts at " + sale.startsAt(),
                    Map.of("startsAt", sale.startsAt().toString()));
        }
        if (request.quantity() > sale.perCustomerLimit()) {
            throw overLimit(sale);
        }
        if (cache.soldOut(saleId)) {
            throw soldOut(saleId);
        }
        Pending pending = new Pending(sale, customerId, request.quantity(), request.shippingAddress(), idempotencyKey,
                new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            throw new TooManyRequestsException("busy", "the flash sale is at capacity; try again in a moment", 1);
        }
        try {
            return pending.result().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ServiceUnavailableException("admission-timeout", "the purchase was not decided in time; it may still"
                    + " be admitted: repeat it with the same Idempotency-Key to find out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("admission-interrupted", "the server is stopping");
        }
    }

    /**
     * The whole request, checked here whoever calls (not only the controller's {@code @Valid}): what
     * enters a batch must not be able to fail it.
     */
    private void requireValid(FlashPurchaseRequest request) {
        if (request == null) {
            throw new BadRequestException("invalid-request", "a flash purchase names a quantity and a shippingAddress");
        }
        Set<ConstraintViolation<FlashPurchaseRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new BadRequestException("invalid-request", violations.stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted().collect(Collectors.joining("; ")));
        }
    }

    /** The number of purchases waiting for the writer (for monitoring). */
    public int queued() {
        return queue.size();
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                admitIsolating(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException e) {
                log.warn("a batch of {} flash purchase(s) failed: {}", batch.size(), e.toString());
                ProblemException problem = new ServiceUnavailableException("admission-failed",
                        "the purchase could not be recorded; try again");
                batch.forEach(p -> p.result().completeExceptionally(problem));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Admits the batch; if the database refuses it for a reason that may lie in one member's data,
     * tries each half on its own, so that only the members that fail alone are refused.
     */
    private void admitIsolating(List<Pending> batch) {
        try {
            admit(batch);
        } catch (RuntimeException e) {
            if (!attributable(e)) {
                throw e;
            }
            if (batch.size() == 1) {
                Pending p = batch.getFirst();
                log.warn("flash purchase of {} for sale {} refused by the database: {}", p.customerId(), p.sale().id(),
                        e.toString());
                p.result().completeExceptionally(e instanceof DataIntegrityViolationException
                        ? new UnprocessableException("purchase-refused",
                                "the purchase could not be recorded as given; check the shipping address and try again")
                        : new ServiceUnavailableException("admission-failed", "the purchase could not be recorded; try again"));
                return;
            }
            log.info("a batch of {} flash purchase(s) failed ({}); trying its halves apart", batch.size(), e.toString());
            int half = batch.size() / 2;
            admitIsolating(batch.subList(0, half));
            admitIsolating(batch.subList(half, batch.size()));
        }
    }

    /** Whether a failure may be one member's doing, rather than the database's being unreachable or overloaded. */
    private static boolean attributable(RuntimeException e) {
        return !(e instanceof TransientDataAccessException || e instanceof DataAccessResourceFailureException
                || e instanceof TransactionException);
    }

    private void admit(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                admitOnce(batch);
                return;
            } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e;
                }
                log.info("flash admission batch hit a lock conflict ({}); trying again", e.getClass().getSimpleName());
            }
        }
    }

    private void admitOnce(List<Pending> batch) {
        Map<Pending, Object> outcomes = new HashMap<>();
        List<String> soldOut = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            outcomes.clear();
            soldOut.clear();
            Instant now = clock.instant();
            Map<String, List<Pending>> bySale = new LinkedHashMap<>();
            batch.forEach(p -> bySale.computeIfAbsent(p.sale().id(), s -> new ArrayList<>()).add(p));
            for (List<Pending> group : bySale.values()) {
                if (!admitSale(group.getFirst().sale(), group, outcomes, now)) {
                    soldOut.add(group.getFirst().sale().id());
                }
            }
        });
        soldOut.forEach(cache::markSoldOut);
        for (Pending p : batch) {
            Object outcome = outcomes.get(p);
            if (outcome instanceof FlashPurchaseView view) {
                p.result().complete(view);
            } else {
                p.result().completeExceptionally((RuntimeException) outcome);
            }
        }
    }

    /**
     * Admits what it can of one sale's requests; false when the sale's buckets ran dry. A customer
     * asking more than once in the batch is handled in rounds (one request per customer per round),
     * so each round's statements name each customer once.
     */
    private boolean admitSale(Sale cached, List<Pending> group, Map<Pending, Object> outcomes, Instant now) {
        // the cache may be a second old and the queue a few ms: the sale's row decides (settlement locks it)
        Sale sale = flash.lockSaleShared(cached.id()).orElse(cached);
        if (!"SCHEDULED".equals(sale.status()) || !now.isBefore(sale.endsAt())) {
            group.forEach(p -> outcomes.put(p, new ConflictException("flash-sale-ended", "flash sale " + sale.id()
                    + " ended at " + sale.endsAt(), Map.of("endsAt", sale.endsAt().toString()))));
            return true;
        }
        List<Pending> fresh = new ArrayList<>();
        List<Pending> keyed = group.stream().filter(p -> p.key() != null).toList();
        Map<String, Claim> earlier = flash.claimsByKeys(keyed.stream().map(Pending::customerId).toList(),
                keyed.stream().map(Pending::key).toList());
        Map<String, Pending> keysInBatch = new HashMap<>();
        Map<Pending, Pending> duplicates = new HashMap<>();
        for (Pending p : group) {
            if (p.key() != null) {
                String key = p.customerId() + "\n" + p.key();
                if (earlier.containsKey(key)) {
                    outcomes.put(p, replay(earlier.get(key), p, sale));
                    continue;
                }
                if (keysInBatch.putIfAbsent(key, p) != null) {
                    duplicates.put(p, keysInBatch.get(key));
                    continue;
                }
            }
            fresh.add(p);
        }
        boolean supplied = true;
        while (!fresh.isEmpty()) {
            List<Pending> round = new ArrayList<>();
            List<Pending> later = new ArrayList<>();
            java.util.Set<String> inRound = new java.util.HashSet<>();
            for (Pending p : fresh) {
                (inRound.add(p.customerId()) ? round : later).add(p);
            }
            supplied &= admitRound(sale, round, outcomes, now);
            fresh = later;
        }
        // the same key twice in one batch: the second gets the first's answer, as a replay would
        duplicates.forEach((again, first) -> outcomes.put(again, first.quantity() == again.quantity()
                ? outcomes.get(first)
                : new UnprocessableException("idempotency-key-reused", "this Idempotency-Key was used for a different flash purchase")));
        return supplied;
    }

    /** One round: limits counted, units taken from the buckets, claims and events written, a few statements in all. */
    private boolean admitRound(Sale sale, List<Pending> round, Map<Pending, Object> outcomes, Instant now) {
        var counted = flash.countAgainstLimit(sale.id(), round.stream().map(Pending::customerId).toList(),
                round.stream().map(Pending::quantity).toList(), sale.perCustomerLimit());
        List<Pending> candidates = new ArrayList<>();
        for (Pending p : round) {
            if (counted.contains(p.customerId())) {
                candidates.add(p);
            } else {
                outcomes.put(p, overLimit(sale));
            }
        }
        int want = candidates.stream().mapToInt(Pending::quantity).sum();
        int got = 0;
        int lastBucket = -1;
        List<int[]> takes = new ArrayList<>(); // {bucket, units}
        for (int i = 0; i < sale.buckets() && got < want; i++) {
            int bucket = (homeBucket + i) % sale.buckets();
            int took = flash.take(sale.id(), bucket, want - got);
            if (took > 0) {
                takes.add(new int[] {bucket, took});
                got += took;
                lastBucket = bucket;
            }
        }
        int used = 0;
        List<Claim> claims = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<FlashPurchaseAdmitted> events = new ArrayList<>();
        List<String> unserved = new ArrayList<>();
        List<Integer> unservedUnits = new ArrayList<>();
        Map<String, Pending> byClaim = new HashMap<>();
        for (Pending p : candidates) {
            if (p.quantity() > got - used) {
                unserved.add(p.customerId());
                unservedUnits.add(p.quantity());
                outcomes.put(p, soldOut(sale.id()));
                continue;
            }
            // a claim is booked to the bucket its first unit came from; a release puts it all back there
            int bucket = bucketAt(takes, used);
            used += p.quantity();
            String id = Identifiers.newId("fsp");
            Claim claim = new Claim(id, sale.id(), id, p.customerId(), p.quantity(), bucket, "HELD", now);
            claims.add(claim);
            byClaim.put(id, p);
            keys.add(p.key());
            addresses.add(json.writeValueAsString(p.address()));
            events.add(new FlashPurchaseAdmitted(id, sale.id(), p.customerId(), sale.skuId(), p.quantity(), p.address(), now));
            outcomes.put(p, view(claim, sale));
        }
        var inserted = flash.insertClaims(claims, keys, addresses);
        List<FlashPurchaseAdmitted> admittedEvents = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            Claim claim = claims.get(i);
            if (inserted.contains(claim.id())) {
                admittedEvents.add(events.get(i));
                continue;
            }
            // the same Idempotency-Key was just used in another transaction (another process): answer that
            // purchase, and give back what was taken for this one
            unserved.add(claim.customerId());
            unservedUnits.add(claim.quantity());
            flash.putBack(sale.id(), claim.bucket(), claim.quantity());
            Pending p = byClaim.get(claim.id());
            var earlier = flash.claimsByKeys(List.of(p.customerId()), List.of(p.key())).get(p.customerId() + "\n" + p.key());
            outcomes.put(p, earlier == null ? new ConflictException("purchase-in-progress",
                    "a purchase with this Idempotency-Key is being decided; repeat it") : replay(earlier, p, sale));
        }
        flash.uncount(sale.id(), unserved, unservedUnits);
        outbox.appendAll(FlashSaleService.SCHEMA, admittedEvents, FlashPurchaseAdmitted::purchaseId);
        int left = got - used;
        if (left > 0) {
            flash.putBack(sale.id(), lastBucket, left);
        }
        return got >= want || left > 0;
    }

    private static int bucketAt(List<int[]> takes, int unit) {
        int seen = 0;
        for (int[] take : takes) {
            seen += take[1];
            if (unit < seen) {
                return take[0];
            }
        }
        throw new IllegalStateException("unit " + unit + " was not taken");
    }

    private static Object replay(Claim earlier, Pending p, Sale sale) {
        if (!earlier.saleId().equals(sale.id()) || earlier.quantity() != p.quantity()) {
            return new UnprocessableException("idempotency-key-reused",
                    "this Idempotency-Key was used for a different flash purchase");
        }
        return view(earlier, sale);
    }

    private static FlashPurchaseView view(Claim claim, Sale sale) {
        return new FlashPurchaseView(claim.id(), sale.id(), sale.skuId(), claim.customerId(), claim.quantity(), sale.price(),
                claim.status(), claim.createdAt());
    }

    private static UnprocessableException overLimit(Sale sale) {
        return new UnprocessableException("flash-limit-exceeded",
                "at most " + sale.perCustomerLimit() + " unit(s) of this flash sale per customer",
                Map.of("perCustomerLimit", sale.perCustomerLimit()));
    }

    private static ConflictException soldOut(String saleId) {
        return new ConflictException("sold-out", "flash sale " + saleId + " is sold out");
    }

    @Override
    public void start() {
        running = true;
        writer = Thread.ofPlatform().name("flash-admission").daemon().start(this::writeLoop);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = writer;
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(new ServiceUnavailableException("stopping", "the server is stopping"));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

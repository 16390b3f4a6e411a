package io.emporium.promotion.application;

import io.emporium.kernel.Identifiers;
import io.emporium.messaging.Outbox;
import io.emporium.promotion.api.FlashPurchaseAdmitted;
import io.emporium.promotion.domain.FlashClaim;
import io.emporium.promotion.domain.FlashSale;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * One sale's share of a batch, inside the batch's transaction: counts each customer's units
 * against the limit (a conditional upsert), takes the units from the stock buckets
 * ({@link FlashBuckets}, one locked read and one update per bucket), and writes the claims and
 * their {@link FlashPurchaseAdmitted} events (outbox), a few statements for the whole share.
 */
@Component
class FlashSaleAdmitter {

    private final FlashRepository flash;
    private final FlashBuckets stock;
    private final FlashReplays replays;
    private final Outbox outbox;
    private final JsonMapper json;
    /** Where this process starts walking a sale's buckets, so processes mostly lock different ones. */
    private final int homeBucket = ThreadLocalRandom.current().nextInt(1 << 16);

    FlashSaleAdmitter(FlashRepository flash, FlashBuckets stock, FlashReplays replays, Outbox outbox, JsonMapper json) {
        this.flash = flash;
        this.stock = stock;
        this.replays = replays;
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * Admits what it can of one sale's requests, putting each one's outcome (a view or a problem)
     * in {@code outcomes}; false when the sale's buckets ran dry. A customer asking more than once
     * in the batch is handled in rounds (one request per customer per round), so each round's
     * statements name each customer once.
     */
    boolean admit(FlashSale cached, List<FlashPurchase> group, Map<FlashPurchase, Object> outcomes, Instant now) {
        // the cache may be a second old and the queue a few ms: the sale's row decides (settlement locks it)
        FlashSale sale = flash.lockSaleShared(cached.id()).orElse(cached);
        if (!sale.openAt(now)) {
            group.forEach(p -> outcomes.put(p, FlashProblems.ended(sale)));
            return true;
        }
        FlashReplays.Sorted sorted = replays.sort(sale, group, outcomes);
        List<FlashPurchase> fresh = sorted.fresh();
        boolean supplied = true;
        while (!fresh.isEmpty()) {
            List<FlashPurchase> round = new ArrayList<>();
            List<FlashPurchase> later = new ArrayList<>();
            Set<String> inRound = new HashSet<>();
            for (FlashPurchase p : fresh) {
                (inRound.add(p.customerId()) ? round : later).add(p);
            }
            supplied &= admitRound(sale, round, outcomes, now);
            fresh = later;
        }
        replays.answerRepeats(sorted, outcomes);
        return supplied;
    }

    /** One round: limits counted, units taken from the buckets, claims and events written. */
    private boolean admitRound(FlashSale sale, List<FlashPurchase> round, Map<FlashPurchase, Object> outcomes, Instant now) {
        Set<String> counted = flash.countAgainstLimit(sale.id(), round.stream().map(FlashPurchase::customerId).toList(),
                round.stream().map(FlashPurchase::quantity).toList(), sale.perCustomerLimit());
        List<FlashPurchase> candidates = new ArrayList<>();
        for (FlashPurchase p : round) {
            if (counted.contains(p.customerId())) {
                candidates.add(p);
            } else {
                outcomes.put(p, FlashProblems.overLimit(sale));
            }
        }
        int want = candidates.stream().mapToInt(FlashPurchase::quantity).sum();
        FlashBuckets.Taken taken = stock.take(sale, want, homeBucket);
        int got = taken.total();
        int used = 0;
        List<FlashClaim> claims = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<FlashPurchaseAdmitted> events = new ArrayList<>();
        List<String> unserved = new ArrayList<>();
        List<Integer> unservedUnits = new ArrayList<>();
        Map<String, FlashPurchase> byClaim = new HashMap<>();
        for (FlashPurchase p : candidates) {
            if (p.quantity() > got - used) {
                unserved.add(p.customerId());
                unservedUnits.add(p.quantity());
                outcomes.put(p, FlashProblems.soldOut(sale.id()));
                continue;
            }
            // a claim is booked to the bucket its first unit came from; a release puts it all back there
            int bucket = taken.bucketOf(used);
            used += p.quantity();
            String id = Identifiers.newId("fsp");
            FlashClaim claim = FlashClaim.held(id, sale.id(), id, p.customerId(), p.quantity(), bucket, now);
            claims.add(claim);
            byClaim.put(id, p);
            keys.add(p.key());
            addresses.add(json.writeValueAsString(p.address()));
            events.add(new FlashPurchaseAdmitted(id, sale.id().value(), p.customerId(), sale.skuId(), p.quantity(), p.address(),
                    now));
            outcomes.put(p, FlashReplays.view(claim, sale));
        }
        Set<String> inserted = flash.insertClaims(claims, keys, addresses);
        List<FlashPurchaseAdmitted> admittedEvents = new ArrayList<>();
        for (int i = 0; i < claims.size(); i++) {
            FlashClaim claim = claims.get(i);
            if (inserted.contains(claim.id())) {
                admittedEvents.add(events.get(i));
                continue;
            }
            // the same Idempotency-Key was just used in another transaction: answer that purchase,
            // and give back what was taken for this one
            unserved.add(claim.customerId());
            unservedUnits.add(claim.quantity());
            flash.putBack(sale.id(), claim.bucket(), claim.quantity());
            FlashPurchase p = byClaim.get(claim.id());
            outcomes.put(p, replays.answerTaken(p, sale));
        }
        flash.uncount(sale.id(), unserved, unservedUnits);
        outbox.appendAll(FlashSaleService.SCHEMA, admittedEvents, FlashPurchaseAdmitted::purchaseId);
        stock.putBackUnused(sale, taken, used);
        return got >= want || got > used;
    }
}

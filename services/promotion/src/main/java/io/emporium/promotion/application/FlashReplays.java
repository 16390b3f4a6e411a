package io.emporium.promotion.application;

import io.emporium.platform.problem.ConflictException;
import io.emporium.promotion.api.FlashPurchaseView;
import io.emporium.promotion.domain.FlashClaim;
import io.emporium.promotion.domain.FlashSale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Idempotency-Keys of flash purchases: a purchase repeated under its (customer, key) is answered
 * with the purchase it first made, whether that was in an earlier batch, earlier in this batch, or
 * in another process's transaction a moment ago; the same key for a different purchase is refused.
 */
@Component
class FlashReplays {

    private final FlashRepository flash;

    FlashReplays(FlashRepository flash) {
        this.flash = flash;
    }

    /** A sale's requests after the repeats were answered: the fresh ones, and the repeats within the batch. */
    record Sorted(List<FlashPurchase> fresh, Map<FlashPurchase, FlashPurchase> repeats) {
    }

    /** Answers (in {@code outcomes}) the requests whose key made a purchase before; the rest are fresh or repeats. */
    Sorted sort(FlashSale sale, List<FlashPurchase> group, Map<FlashPurchase, Object> outcomes) {
        List<FlashPurchase> keyed = group.stream().filter(p -> p.key() != null).toList();
        Map<String, FlashClaim> earlier = flash.claimsByKeys(keyed.stream().map(FlashPurchase::customerId).toList(),
                keyed.stream().map(FlashPurchase::key).toList());
        List<FlashPurchase> fresh = new ArrayList<>();
        Map<String, FlashPurchase> keysInBatch = new HashMap<>();
        Map<FlashPurchase, FlashPurchase> repeats = new HashMap<>();
        for (FlashPurchase p : group) {
            if (p.key() != null) {
                String key = p.customerId() + "\n" + p.key();
                if (earlier.containsKey(key)) {
                    outcomes.put(p, replay(earlier.get(key), p, sale));
                    continue;
                }
                FlashPurchase first = keysInBatch.putIfAbsent(key, p);
                if (first != null) {
                    repeats.put(p, first);
                    continue;
                }
            }
            fresh.add(p);
        }
        return new Sorted(fresh, repeats);
    }

    /** The same key twice in one batch: the second gets the first's answer, as a replay would. */
    void answerRepeats(Sorted sorted, Map<FlashPurchase, Object> outcomes) {
        sorted.repeats().forEach((again, first) -> outcomes.put(again, first.quantity() == again.quantity()
                ? outcomes.get(first)
                : FlashProblems.keyReused()));
    }

    /** The key was just used in another transaction (another process): that purchase's answer. */
    Object answerTaken(FlashPurchase p, FlashSale sale) {
        FlashClaim earlier = flash.claimsByKeys(List.of(p.customerId()), List.of(p.key())).get(p.customerId() + "\n" + p.key());
        return earlier == null ? new ConflictException("purchase-in-progress",
                "a purchase with this Idempotency-Key is being decided; repeat it") : replay(earlier, p, sale);
    }

    private static Object replay(FlashClaim earlier, FlashPurchase p, FlashSale sale) {
        if (!earlier.saleId().equals(sale.id()) || earlier.quantity() != p.quantity()) {
            return FlashProblems.keyReused();
        }
        return view(earlier, sale);
    }

    static FlashPurchaseView view(FlashClaim claim, FlashSale sale) {
        return new FlashPurchaseView(claim.id(), sale.id().value(), sale.skuId(), claim.customerId(), claim.quantity(), sale.price(),
                claim.state().name(), claim.createdAt());
    }
}

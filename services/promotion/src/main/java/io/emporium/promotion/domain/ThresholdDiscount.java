package io.emporium.promotion.domain;

import io.emporium.kernel.Money;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * "Spend 300, save 50", possibly tiered ("300 − 50, 500 − 100"): the highest tier whose threshold
 * the eligible lines reach applies. {@code merchantId} is the merchant who funds it (its lines
 * only), or null for the platform.
 */
public record ThresholdDiscount(String id, String name, String merchantId, Scope scope, List<Tier> tiers) {

    /** Whether a stored discount is in force; nothing cancels one yet, the schema allows it. */
    public enum State {
        ACTIVE, CANCELLED
    }

    public record Tier(Money threshold, Money discount) {
        public Tier {
            Objects.requireNonNull(threshold, "threshold");
            Objects.requireNonNull(discount, "discount");
            if (!discount.isPositive() || threshold.compareTo(discount) < 0) {
                throw new IllegalArgumentException("a tier saves a positive amount no larger than its threshold");
            }
        }
    }

    public ThresholdDiscount {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(scope, "scope");
        if (tiers == null || tiers.isEmpty()) {
            throw new IllegalArgumentException("a threshold discount has at least one tier");
        }
        tiers = tiers.stream().sorted(Comparator.comparing(Tier::threshold)).toList();
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).threshold().compareTo(tiers.get(i - 1).threshold()) == 0) {
                throw new IllegalArgumentException("two tiers have the same threshold");
            }
        }
    }

    /** The best tier reached by {@code spend}, if any. */
    public Optional<Tier> tierFor(Money spend) {
        Tier best = null;
        for (Tier tier : tiers) {
            if (spend.compareTo(tier.threshold()) >= 0) {
                best = tier;
            }
        }
        return Optional.ofNullable(best);
    }

    public java.util.Currency currency() {
        return tiers.getFirst().threshold().currency();
    }
}

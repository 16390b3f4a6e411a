package io.emporium.promotion.application;

import io.emporium.promotion.api.FlashPurchaseView;
import io.emporium.kernel.PostalAddress;
import io.emporium.promotion.domain.FlashSale;
import java.util.concurrent.CompletableFuture;

/**
 * A purchase that passed {@link FlashPurchaseChecks}, waiting in {@link FlashAdmission}'s queue for
 * the writer; {@code result} completes with the admitted purchase or the problem that refused it.
 */
record FlashPurchase(FlashSale sale, String customerId, int quantity, PostalAddress address, String key,
        CompletableFuture<FlashPurchaseView> result) {

    /** Identity, not value: two identical requests in one batch are two purchases. */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}

package io.emporium.promotion.application;

import io.emporium.kernel.FlashSaleId;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.UnprocessableException;
import io.emporium.promotion.domain.FlashSale;
import java.util.Map;

/** The refusals the purchase checks and the batch writer share, so both answer alike. */
final class FlashProblems {

    private FlashProblems() {
    }

    static ConflictException ended(FlashSale sale) {
        return new ConflictException("flash-sale-ended", "flash sale " + sale.id() + " ended at " + sale.endsAt(),
                Map.of("endsAt", sale.endsAt().toString()));
    }

    static ConflictException notStarted(FlashSale sale) {
        return new ConflictException("flash-sale-not-started", "flash sale " + sale.id() + " starts at " + sale.startsAt(),
                Map.of("startsAt", sale.startsAt().toString()));
    }

    static UnprocessableException overLimit(FlashSale sale) {
        return new UnprocessableException("flash-limit-exceeded",
                "at most " + sale.perCustomerLimit() + " unit(s) of this flash sale per customer",
                Map.of("perCustomerLimit", sale.perCustomerLimit()));
    }

    static ConflictException soldOut(FlashSaleId saleId) {
        return new ConflictException("sold-out", "flash sale " + saleId + " is sold out");
    }

    static UnprocessableException keyReused() {
        return new UnprocessableException("idempotency-key-reused", "this Idempotency-Key was used for a different flash purchase");
    }
}

package io.emporium.order.application;

import io.emporium.order.api.OrderView;
import io.emporium.order.api.Pricing;
import io.emporium.order.domain.Order;
import io.emporium.promotion.api.PriceQuote;

/** Maps orders to what the API shows; the domain's types never leave the service. */
public final class OrderViews {

    private OrderViews() {
    }

    public static OrderView view(Order o) {
        return new OrderView(o.id().value(), o.checkoutId().value(), o.customerId().value(), o.merchantId().value(),
                o.status().name(),
                o.lines().stream().map(l -> new OrderView.Line(l.skuId(), l.productId(), l.productName(), l.attributes(),
                        l.quantity(), l.listUnitPrice(), l.unitPrice(), l.priceSource(), l.discount(),
                        l.promotions().stream().map(p -> new OrderView.Promotion(p.promotionId(), p.kind(), p.name(), p.amount()))
                                .toList(), l.total())).toList(),
                o.subtotal(), o.discount(), o.shipping(), o.total(),
                o.shippingAddress(),
                o.carrier() == null ? null : new OrderView.Shipment(o.carrier(), o.trackingNumber()),
                o.paymentId() == null ? null : o.paymentId().value(),
                o.timeline().stream().map(t -> new OrderView.Step(t.status().name(), t.at(), t.note())).toList(),
                o.createdAt(), o.updatedAt());
    }

    /** What promotions quoted, as the order center publishes it. */
    public static Pricing pricing(PriceQuote q) {
        return new Pricing(q.currency(), q.lines().stream().map(l -> new Pricing.Line(l.skuId(), l.merchantId(), l.quantity(),
                l.listUnitPrice(), l.unitPrice(), l.priceSource(), l.pricePromotionId(), l.pool(), l.subtotal(),
                adjustments(l.discounts()), l.discount(), l.total())).toList(), adjustments(q.discounts()),
                q.merchants().stream().map(m -> new Pricing.MerchantTotal(m.merchantId(), m.subtotal(), m.discount(), m.shipping(),
                        m.total())).toList(), q.subtotal(), q.discount(), q.shipping(), q.total());
    }

    private static java.util.List<Pricing.Adjustment> adjustments(java.util.List<PriceQuote.Adjustment> adjustments) {
        return adjustments.stream().map(a -> new Pricing.Adjustment(a.promotionId(), a.kind(), a.name(), a.amount())).toList();
    }
}

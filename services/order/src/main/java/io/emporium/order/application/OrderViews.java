package io.emporium.order.application;

import io.emporium.order.api.Address;
import io.emporium.order.api.OrderView;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.ShippingAddress;

/** Maps orders to what the API shows; the domain's types never leave the service. */
public final class OrderViews {

    private OrderViews() {
    }

    public static OrderView view(Order o) {
        ShippingAddress a = o.shippingAddress();
        return new OrderView(o.id(), o.checkoutId(), o.customerId(), o.merchantId(), o.status().name(),
                o.lines().stream().map(l -> new OrderView.Line(l.skuId(), l.productId(), l.productName(), l.attributes(),
                        l.quantity(), l.listUnitPrice(), l.unitPrice(), l.priceSource(), l.discount(),
                        l.promotions().stream().map(p -> new OrderView.Promotion(p.promotionId(), p.kind(), p.name(), p.amount()))
                                .toList(), l.total())).toList(),
                o.subtotal(), o.discount(), o.shipping(), o.total(),
                new Address(a.name(), a.phone(), a.line1(), a.line2(), a.city(), a.region(), a.postalCode(), a.country()),
                o.carrier() == null ? null : new OrderView.Shipment(o.carrier(), o.trackingNumber()),
                o.paymentId(),
                o.timeline().stream().map(t -> new OrderView.Step(t.status().name(), t.at(), t.note())).toList(),
                o.createdAt(), o.updatedAt());
    }
}

package io.emporium.order.saga;

import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sagas and the orders they place, in memory, with the version checks of the real store. */
final class InMemoryCheckoutStore implements CheckoutStore {

    final Map<CheckoutId, CheckoutSagaRow> sagas = new LinkedHashMap<>();
    final Map<CheckoutId, List<Order>> orders = new LinkedHashMap<>();
    /** Set to crash (as a process dying would) right after the next write of a saga in this state. */
    CheckoutState crashAfterWriting;
    /** The state of every write of a saga after its insert, in order. */
    final List<CheckoutState> written = new ArrayList<>();

    @Override
    public synchronized Insert insert(CheckoutSagaRow row) {
        if (sagas.values().stream().anyMatch(s -> s.customerId().equals(row.customerId())
                && s.idempotencyKey().equals(row.idempotencyKey()))) {
            return Insert.KEY_TAKEN;
        }
        if (row.data().kind() == CheckoutData.Kind.CART && sagas.values().stream().anyMatch(s -> s.customerId()
                .equals(row.customerId()) && s.data().kind() == CheckoutData.Kind.CART
                && CheckoutState.HOLDING_THE_CART.contains(s.state()))) {
            return Insert.CART_BUSY;
        }
        sagas.put(row.id(), row);
        return Insert.INSERTED;
    }

    @Override
    public synchronized boolean insertIfAbsent(CheckoutSagaRow row) {
        return sagas.putIfAbsent(row.id(), row) == null;
    }

    @Override
    public synchronized void deleteFailed(CheckoutId id) {
        sagas.computeIfPresent(id, (k, v) -> v.state() == CheckoutState.FAILED ? null : v);
    }

    @Override
    public synchronized Optional<CheckoutSagaRow> find(CheckoutId id) {
        return Optional.ofNullable(sagas.get(id));
    }

    @Override
    public synchronized Optional<CheckoutSagaRow> findByKey(CustomerId customerId, String idempotencyKey) {
        return sagas.values().stream().filter(s -> s.customerId().equals(customerId) && s.idempotencyKey().equals(idempotencyKey))
                .findFirst();
    }

    @Override
    public synchronized CheckoutSagaRow save(CheckoutSagaRow row) {
        CheckoutSagaRow stored = sagas.get(row.id());
        if (stored == null || stored.version() != row.version()) {
            throw new StaleCheckoutSaga(row.id());
        }
        CheckoutSagaRow saved = new CheckoutSagaRow(row.id(), row.customerId(), row.idempotencyKey(), row.requestHash(),
                row.state(), row.data(), row.problem(), row.attempts(), row.lastError(), row.nextAttemptAt(), row.version() + 1,
                row.createdAt());
        sagas.put(row.id(), saved);
        written.add(row.state());
        if (row.state() == crashAfterWriting) {
            crashAfterWriting = null;
            throw new FakeParticipants.Crash("writing " + row.state());
        }
        return saved;
    }

    @Override
    public synchronized CheckoutSagaRow placeOrders(CheckoutSagaRow row, List<Order> placed) {
        if (orders.containsKey(row.id())) {
            throw new IllegalStateException("orders placed twice for " + row.id());
        }
        CheckoutState crash = crashAfterWriting;
        crashAfterWriting = null;
        CheckoutSagaRow saved = save(row);
        orders.put(row.id(), new ArrayList<>(placed));
        if (crash == row.state()) {
            throw new FakeParticipants.Crash("writing " + row.state());
        }
        return saved;
    }

    @Override
    public synchronized CheckoutSagaRow markPaid(CheckoutSagaRow row, Instant now) {
        CheckoutSagaRow saved = save(row);
        orders.get(row.id()).stream().filter(o -> o.status() == OrderStatus.PENDING_PAYMENT).forEach(o -> o.markPaid(now));
        return saved;
    }

    @Override
    public synchronized CheckoutSagaRow cancelOrders(CheckoutSagaRow row, String reason, Instant now) {
        CheckoutSagaRow saved = save(row);
        orders.getOrDefault(row.id(), List.of()).stream().filter(o -> o.status() == OrderStatus.PENDING_PAYMENT)
                .forEach(o -> o.cancel(now, reason));
        return saved;
    }

    @Override
    public synchronized List<CheckoutId> due(Instant now, int limit) {
        return sagas.values().stream().filter(s -> s.state().isDrivable() && !s.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(CheckoutSagaRow::nextAttemptAt)).limit(limit).map(CheckoutSagaRow::id).toList();
    }

    List<OrderStatus> orderStatuses(CheckoutId checkoutId) {
        return orders.getOrDefault(checkoutId, List.of()).stream().map(Order::status).toList();
    }
}

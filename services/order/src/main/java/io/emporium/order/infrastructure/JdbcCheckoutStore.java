package io.emporium.order.infrastructure;

import io.emporium.order.application.OrderRepository;
import io.emporium.kernel.CheckoutId;
import io.emporium.kernel.CustomerId;
import io.emporium.order.domain.Order;
import io.emporium.order.domain.OrderStatus;
import io.emporium.order.saga.CheckoutData;
import io.emporium.order.saga.CheckoutSagaRow;
import io.emporium.order.saga.CheckoutState;
import io.emporium.order.saga.CheckoutStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checkout sagas in {@code orders.checkout_saga}; each method is one short transaction (joining the
 * caller's, as an event handler's inbox transaction). The orders a saga places or moves are written in
 * the same transaction as its new state.
 *
 * <p>A saga's data is a jsonb document that most records do not change (a new state, an attempt counted).
 * The store remembers, per saga, the data of the last version it saw committed: a record whose data is that
 * same object leaves the column as it is (no JSON written here, no new document in the database), and a
 * read of that version reuses the object instead of parsing it again. Only committed versions are
 * remembered (after the commit), and a record names the version it replaces, so a version written by
 * another process, or a transaction that rolled back, is never mistaken for one remembered.
 */
public class JdbcCheckoutStore implements CheckoutStore {

    private static final String COLUMNS = "id, customer_id, idempotency_key, request_hash, state, data::text, problem::text,"
            + " attempts, last_error, next_attempt_at, version, created_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final OrderRepository orders;
    private final Clock clock;
    private final Cache<CheckoutId, Known> known = Caffeine.newBuilder().maximumSize(20_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();

    /** The data of version {@code version} of a saga, as committed. */
    private record Known(int version, CheckoutData data) {
    }

    public JdbcCheckoutStore(JdbcClient jdbc, JsonMapper json, TransactionTemplate transactions, OrderRepository orders,
            Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = transactions;
        this.orders = orders;
        this.clock = clock;
    }

    @Override
    public Insert insert(CheckoutSagaRow row) {
        try {
            transactions.executeWithoutResult(tx -> insertRow(row, false));
            return Insert.INSERTED;
        } catch (DuplicateKeyException e) {
            return String.valueOf(e.getMessage()).contains("one_cart_at_a_time") ? Insert.CART_BUSY : Insert.KEY_TAKEN;
        }
    }

    @Override
    public boolean insertIfAbsent(CheckoutSagaRow row) {
        return Boolean.TRUE.equals(transactions.execute(tx -> insertRow(row, true) == 1));
    }

    private int insertRow(CheckoutSagaRow row, boolean ifAbsent) {
        int inserted = jdbc.sql("INSERT INTO orders.checkout_saga (id, customer_id, idempotency_key, request_hash, kind, state, data,"
                        + " attempts, next_attempt_at, version, created_at, updated_at) VALUES (:id, :customer, :key, :hash,"
                        + " :kind, :state, CAST(:data AS jsonb), 0, :next, 1, :at, :at)"
                        + (ifAbsent ? " ON CONFLICT (id) DO NOTHING" : ""))
                .param("id", row.id().value()).param("customer", row.customerId().value()).param("key", row.idempotencyKey())
                .param("hash", row.requestHash()).param("kind", row.data().kind().name()).param("state", row.state().name())
                .param("data", json.writeValueAsString(row.data())).param("next", ts(row.nextAttemptAt()))
                .param("at", ts(row.createdAt())).update();
        if (inserted == 1) {
            remember(row.id(), 1, row.data());
        }
        return inserted;
    }

    @Override
    public void deleteFailed(CheckoutId id) {
        transactions.executeWithoutResult(tx -> jdbc.sql("DELETE FROM orders.checkout_saga WHERE id = :id AND state = 'FAILED'")
                .param("id", id.value()).update());
    }

    @Override
    public Optional<CheckoutSagaRow> find(CheckoutId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders.checkout_saga WHERE id = :id").param("id", id.value())
                .query((rs, n) -> row(rs)).optional();
    }

    @Override
    public Optional<CheckoutSagaRow> findByKey(CustomerId customerId, String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders.checkout_saga WHERE customer_id = :c AND idempotency_key = :k")
                .param("c", customerId.value()).param("k", idempotencyKey).query((rs, n) -> row(rs)).optional();
    }

    @Override
    public CheckoutSagaRow save(CheckoutSagaRow row) {
        return transactions.execute(tx -> update(row));
    }

    private CheckoutSagaRow update(CheckoutSagaRow row) {
        Known before = known.getIfPresent(row.id());
        boolean sameData = before != null && before.version() == row.version() && before.data() == row.data();
        var statement = jdbc.sql("UPDATE orders.checkout_saga SET state = :state,"
                        + (sameData ? "" : " data = CAST(:data AS jsonb),")
                        + " problem = CAST(:problem AS jsonb), attempts = :attempts, last_error = :error, next_attempt_at = :next,"
                        + " version = version + 1, updated_at = :now WHERE id = :id AND version = :version")
                .param("state", row.state().name());
        if (!sameData) {
            statement = statement.param("data", json.writeValueAsString(row.data()));
        }
        int updated = statement
                .param("problem", row.problem() == null ? null : json.writeValueAsString(row.problem()))
                .param("attempts", row.attempts()).param("error", row.lastError()).param("next", ts(row.nextAttemptAt()))
                .param("now", ts(clock.instant())).param("id", row.id().value()).param("version", row.version()).update();
        if (updated != 1) {
            throw new StaleCheckoutSaga(row.id());
        }
        remember(row.id(), row.version() + 1, row.data());
        return new CheckoutSagaRow(row.id(), row.customerId(), row.idempotencyKey(), row.requestHash(), row.state(), row.data(),
                row.problem(), row.attempts(), row.lastError(), row.nextAttemptAt(), row.version() + 1, row.createdAt());
    }

    @Override
    public CheckoutSagaRow placeOrders(CheckoutSagaRow row, List<Order> placed) {
        return transactions.execute(tx -> {
            CheckoutSagaRow saved = update(row);
            var view = row.data().view();
            orders.insertCheckout(row.id(), row.customerId(), row.idempotencyKey(), row.requestHash(), row.data().payment(),
                    view.total(), json.writeValueAsString(view), placed.getFirst().createdAt());
            placed.forEach(orders::insert);
            return saved;
        });
    }

    @Override
    public CheckoutSagaRow markPaid(CheckoutSagaRow row, Instant now) {
        return transactions.execute(tx -> {
            CheckoutSagaRow saved = update(row);
            for (Order order : orders.ofCheckout(row.id())) {
                if (order.status() == OrderStatus.PENDING_PAYMENT) {
                    order.markPaid(now);
                    orders.update(order);
                }
            }
            return saved;
        });
    }

    @Override
    public CheckoutSagaRow cancelOrders(CheckoutSagaRow row, String reason, Instant now) {
        return transactions.execute(tx -> {
            CheckoutSagaRow saved = update(row);
            for (Order order : orders.ofCheckout(row.id())) {
                if (order.status() == OrderStatus.PENDING_PAYMENT) {
                    order.cancel(now, reason);
                    orders.update(order);
                }
            }
            return saved;
        });
    }

    @Override
    public List<CheckoutId> due(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM orders.checkout_saga WHERE state NOT IN ('AWAITING_PAYMENT', 'PAID', 'CANCELLED', 'FAILED')"
                        + " AND next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit")
                .param("now", ts(now)).param("limit", limit).query((rs, n) -> new CheckoutId(rs.getString(1))).list();
    }

    private CheckoutSagaRow row(ResultSet rs) throws SQLException {
        String problem = rs.getString("problem");
        CheckoutId id = new CheckoutId(rs.getString("id"));
        int version = rs.getInt("version");
        Known seen = known.getIfPresent(id);
        CheckoutData data;
        if (seen != null && seen.version() == version) {
            data = seen.data();
        } else {
            data = json.readValue(rs.getString("data"), CheckoutData.class);
            remember(id, version, data);
        }
        return new CheckoutSagaRow(id, new CustomerId(rs.getString("customer_id")),
                rs.getString("idempotency_key"), rs.getString("request_hash"), CheckoutState.valueOf(rs.getString("state")),
                data,
                problem == null ? null : json.readValue(problem, CheckoutSagaRow.StoredProblem.class), rs.getInt("attempts"),
                rs.getString("last_error"), rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant(),
                version, rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    /**
     * Remembers {@code data} as version {@code version} of saga {@code id} once that version is committed: at
     * once outside a transaction (a read of committed data), after the commit inside one (a write, or a read of
     * what the transaction wrote itself), never when the transaction rolls back.
     */
    private void remember(CheckoutId id, int version, CheckoutData data) {
        Known entry = new Known(version, data);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                keep(id, entry);
            }
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                keep(id, entry);
            }
        });
    }

    /** The newest version wins: a slow reader of an older version does not replace a newer one. */
    private void keep(CheckoutId id, Known entry) {
        known.asMap().merge(id, entry, (old, now) -> now.version() >= old.version() ? now : old);
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

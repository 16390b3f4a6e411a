package io.emporium.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.emporium.kernel.PageRequest;
import io.emporium.messaging.MessagingStore.Noted;
import io.emporium.messaging.MessagingStore.Schemas;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.coordination.LeadershipGate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The relay on a real PostgreSQL, driven pass by pass ({@link OutboxRelay#drain}) with a clock the
 * test moves: delivery after a crash, redelivery, parking, resubmission, order per aggregate, and
 * isolation of a poison event.
 */
class OutboxRelayTest {

    static MessagingStore store;

    @BeforeAll
    static void start() throws Exception {
        store = new MessagingStore();
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
    }

    final List<DeliveryDue> announced = new CopyOnWriteArrayList<>();

    @Test
    void an_event_committed_before_a_crash_is_delivered_by_the_next_relay() {
        Schemas s = store.schemas();
        var sub = store.subscription("s1", s, Set.of());
        Outbox outbox = store.outbox(announced);
        store.relay(s, 10, List.of(sub)); // the relay of the process that committed, and died before a pass
        store.append(outbox, s, new Noted("a", 1));

        OutboxRelay restarted = store.relay(s, 10, List.of(sub));
        restarted.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> store.effects(s, "s1").equals(List.of("a:1")));
            await().atMost(Duration.ofSeconds(30)).until(() -> store.state(s, "s1", "a", 1).equals("COMPLETED"));
        } finally {
            restarted.stop();
        }
    }

    /** Each outbox is relayed by the leader of its own service's election: one led elsewhere is left alone here. */
    @Test
    void an_outbox_is_relayed_only_where_its_service_s_election_is_led() {
        Schemas led = store.schemas();
        Schemas elsewhere = store.schemas();
        LeadershipGate notHere = store.ledElsewhere();
        OutboxRelay relay = store.relay(List.of(led, elsewhere),
                schema -> schema.equals(elsewhere.publisher()) ? notHere : store.leadership,
                List.of(store.subscription("s1", led, Set.of()), store.subscription("s2", elsewhere, Set.of())));
        Outbox outbox = store.outbox(announced);
        store.append(outbox, led, new Noted("a", 1));
        store.append(outbox, elsewhere, new Noted("b", 1));

        relay.drain();
        relay.drain();
        // the led outbox's event reaches both subscriptions here; the other outbox's event reaches none
        assertThat(store.effects(led, "s1")).containsExactly("a:1");
        assertThat(store.effects(elsewhere, "s2")).as("b:1 is left to its own leader").containsExactly("a:1");
        assertThat(store.jdbc.sql("SELECT count(*) FROM " + elsewhere.publisher() + ".outbox WHERE published_at IS NULL")
                .query(Long.class).single()).isOne();
    }

    @Test
    void the_outbox_announces_its_events_after_the_commit_and_never_after_a_rollback() {
        Schemas s = store.schemas();
        Outbox outbox = store.outbox(announced);
        assertThatThrownBy(() -> store.tx.executeWithoutResult(t -> {
            outbox.append(s.publisher(), "a", new Noted("a", 1));
            throw new IllegalStateException("rolled back");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(announced).isEmpty();
        assertThat(store.jdbc.sql("SELECT count(*) FROM " + s.publisher() + ".outbox").query(Long.class).single()).isZero();

        store.append(outbox, s, new Noted("a", 1));
        assertThat(announced).containsExactly(new DeliveryDue(s.publisher(), Set.of(Noted.class.getName())));
        assertThatThrownBy(() -> outbox.append(s.publisher(), "a", new Noted("a", 2))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void an_announced_outbox_is_looked_at_at_once_and_the_others_wait_for_the_full_pass() {
        Schemas a = store.schemas();
        Schemas b = store.schemas();
        OutboxRelay relay = store.relay(List.of(a, b), Duration.ofHours(1), List.of(store.subscription("s1", a, Set.of())));
        Outbox announcing = store.outboxAnnouncingTo(relay);
        Outbox silent = store.outbox(announced); // as an event committed by another process: nobody here announces it
        relay.start();
        try {
            store.append(announcing, a, new Noted("a", 1));
            await().atMost(Duration.ofSeconds(30)).until(() -> store.effects(a, "s1").equals(List.of("a:1")));

            store.append(silent, b, new Noted("b", 1));
            store.append(announcing, a, new Noted("a", 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> store.effects(a, "s1").equals(List.of("a:1", "a:2")));
            assertThat(store.jdbc.sql("SELECT count(*) FROM " + b.publisher() + ".outbox WHERE published_at IS NULL")
                    .query(Long.class).single()).as("the pass that a's commit woke looked at a only").isOne();

            relay.wakeUp(); // a full pass now, as the poll would make one later
            await().atMost(Duration.ofSeconds(30)).until(() -> store.effects(a, "s1").contains("b:1"));
        } finally {
            relay.stop();
        }
    }

    @Test
    void an_event_no_subscription_here_takes_wakes_nothing_and_the_full_pass_publishes_it() {
        Schemas a = store.schemas();
        OutboxRelay relay = store.relay(List.of(a), Duration.ofHours(1), List.of(store.subscription("s1", a, Set.of())));
        Outbox announcing = store.outboxAnnouncingTo(relay);
        relay.start();
        try {
            store.append(announcing, a, new Noted("a", 1)); // the first pass (a full one) at the start
            await().atMost(Duration.ofSeconds(30)).until(() -> store.effects(a, "s1").equals(List.of("a:1")));

            store.tx.executeWithoutResult(t -> announcing.append(a.publisher(), "x", new Unwanted("x")));
            store.append(announcing, a, new Noted("a", 2));
            await().atMost(Duration.ofSeconds(30)).until(() -> store.effects(a, "s1").equals(List.of("a:1", "a:2")));
            // the pass that Noted a:2 woke fanned the Unwanted out too (same outbox); without a wanted event, none comes
            store.tx.executeWithoutResult(t -> announcing.append(a.publisher(), "y", new Unwanted("y")));
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> unpublished(a) == 1);

            relay.wakeUp(); // the full pass, as the poll makes one
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(a) == 0);
            assertThat(store.jdbc.sql("SELECT count(*) FROM " + a.publisher() + ".event_delivery WHERE aggregate_id IN ('x', 'y')")
                    .query(Long.class).single()).as("no subscription, no delivery").isZero();
        } finally {
            relay.stop();
        }
    }

    /** An event type that no subscription of these tests takes. */
    record Unwanted(String id) {
    }

    private static long unpublished(Schemas s) {
        return store.jdbc.sql("SELECT count(*) FROM " + s.publisher() + ".outbox WHERE published_at IS NULL").query(Long.class).single();
    }

    @Test
    void a_delivery_repeated_after_a_crash_before_its_completion_has_one_effect() {
        Schemas s = store.schemas();
        OutboxRelay relay = store.relay(s, 10, List.of(store.subscription("s1", s, Set.of())));
        store.append(store.outbox(announced), s, new Noted("a", 1));
        store.drainUntilQuiet(relay, 5);
        assertThat(store.effects(s, "s1")).containsExactly("a:1");

        // as if the process died after the consumer's commit but before the delivery was marked completed
        store.jdbc.sql("UPDATE " + s.publisher() + ".event_delivery SET state = 'PENDING', completed_at = NULL").update();
        store.drainUntilQuiet(relay, 5);

        assertThat(store.effects(s, "s1")).containsExactly("a:1");
        assertThat(store.state(s, "s1", "a", 1)).isEqualTo("COMPLETED");
    }

    @Test
    void a_subscription_delivered_outside_a_transaction_runs_outside_one_and_is_not_run_again_once_recorded() {
        Schemas s = store.schemas();
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<String> failing = MessagingStore.poison();
        failing.add("a:1");
        EventSubscription<Noted> calling = EventSubscription.outsideTransaction("call", s.consumer(), Noted.class, e -> {
            calls.add(e.aggregate() + ":" + e.seq() + (org.springframework.transaction.support.TransactionSynchronizationManager
                    .isActualTransactionActive() ? " inside a transaction" : ""));
            if (failing.contains(e.aggregate() + ":" + e.seq())) {
                throw new IllegalStateException("the called service is away");
            }
        });
        OutboxRelay relay = store.relay(s, 10, List.of(calling));
        store.append(store.outbox(announced), s, new Noted("a", 1), new Noted("a", 2));

        relay.drain(); // fanned out, and one attempt
        assertThat(calls).as("failed, retried later; a:2 waits for it").containsExactly("a:1");
        assertThat(store.state(s, "call", "a", 1)).isEqualTo("PENDING");
        failing.clear();
        store.drainUntilQuiet(relay, 5);
        assertThat(calls).containsExactly("a:1", "a:1", "a:2");
        assertThat(store.state(s, "call", "a", 2)).isEqualTo("COMPLETED");

        // as if the process died after the inbox record but before the delivery was marked completed: not called again
        store.jdbc.sql("UPDATE " + s.publisher() + ".event_delivery SET state = 'PENDING', completed_at = NULL").update();
        store.drainUntilQuiet(relay, 5);
        assertThat(calls).containsExactly("a:1", "a:1", "a:2");
        assertThat(store.state(s, "call", "a", 1)).isEqualTo("COMPLETED");
    }

    @Test
    void a_delivery_that_keeps_failing_is_parked_after_max_attempts_and_no_longer_retried() {
        Schemas s = store.schemas();
        OutboxRelay relay = store.relay(s, 3, List.of(store.subscription("s1", s, Set.of("a:1"))));
        store.append(store.outbox(announced), s, new Noted("a", 1));

        assertThat(relay.drain()).isEqualTo(2); // fanned out, and one attempt
        assertThat(store.state(s, "s1", "a", 1)).isEqualTo("PENDING");
        assertThat(relay.drain()).as("backing off").isZero();
        store.drainUntilQuiet(relay, 10);

        assertThat(store.state(s, "s1", "a", 1)).isEqualTo("PARKED");
        var row = store.jdbc.sql("SELECT attempts, last_error FROM " + s.publisher() + ".event_delivery").query().singleRow();
        assertThat(row.get("attempts")).isEqualTo(3);
        assertThat((String) row.get("last_error")).contains("poison a:1");
        store.clock.advance(Duration.ofHours(1));
        assertThat(relay.drain()).isZero();
        assertThat(store.jdbc.sql("SELECT attempts FROM " + s.publisher() + ".event_delivery").query(Integer.class).single())
                .isEqualTo(3);
        assertThat(store.effects(s, "s1")).isEmpty();
    }

    @Test
    void a_resubmitted_delivery_is_delivered_and_releases_the_later_events_of_its_aggregate() {
        Schemas s = store.schemas();
        Set<String> poison = MessagingStore.poison();
        poison.add("a:1");
        OutboxRelay relay = store.relay(s, 2, List.of(store.subscription("s1", s, poison)));
        EventDeliveries deliveries = store.deliveries(s, announced);
        store.append(store.outbox(announced), s, new Noted("a", 1), new Noted("a", 2));
        store.drainUntilQuiet(relay, 10);
        assertThat(store.state(s, "s1", "a", 1)).isEqualTo("PARKED");
        assertThat(store.state(s, "s1", "a", 2)).as("held behind the parked one").isEqualTo("PENDING");

        UUID parked = store.deliveryId(s, "s1", "a", 1);
        var listed = deliveries.list(EventDeliveries.State.PARKED, new PageRequest(0, 20));
        assertThat(listed.total()).isEqualTo(1);
        assertThat(listed.items()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(parked);
            assertThat(d.aggregateId()).isEqualTo("a");
            assertThat(d.subscription()).isEqualTo("s1");
            assertThat(d.attempts()).isEqualTo(2);
            assertThat(d.lastError()).contains("poison a:1");
        });

        poison.clear(); // the handler is fixed
        announced.clear();
        var resubmitted = deliveries.resubmit(parked);
        assertThat(resubmitted.state()).isEqualTo(EventDeliveries.State.PENDING);
        assertThat(resubmitted.attempts()).isZero();
        assertThat(resubmitted.resubmittedAt()).isEqualTo(store.clock.instant());
        assertThat(announced).containsExactly(new DeliveryDue(s.publisher()));
        store.drainUntilQuiet(relay, 10);

        assertThat(store.effects(s, "s1")).containsExactly("a:1", "a:2");
        assertThat(deliveries.list(EventDeliveries.State.PARKED, new PageRequest(0, 20)).total()).isZero();
        assertThatThrownBy(() -> deliveries.resubmit(parked)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> deliveries.resubmit(UUID.randomUUID())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void the_events_of_one_aggregate_reach_a_subscription_in_the_order_they_were_appended() {
        Schemas s = store.schemas();
        Set<String> poison = MessagingStore.poison();
        poison.add("a:1"); // fails at first: a:2 and a:3 must wait for it
        OutboxRelay relay = store.relay(s, 10, List.of(store.subscription("s1", s, poison)));
        Outbox outbox = store.outbox(announced);
        store.append(outbox, s, new Noted("a", 1), new Noted("a", 2));
        store.tx.executeWithoutResult(t -> outbox.appendAll(s.publisher(), List.of(new Noted("a", 3), new Noted("b", 1),
                new Noted("a", 4)), Noted::aggregate));

        for (int pass = 0; pass < 4; pass++) { // a:1 fails on each, and is retried on the next
            relay.drain();
            store.clock.advance(Duration.ofMinutes(2));
        }
        assertThat(store.effects(s, "s1")).containsExactly("b:1");
        assertThat(store.state(s, "s1", "a", 2)).isEqualTo("PENDING");

        poison.clear();
        store.drainUntilQuiet(relay, 10);
        assertThat(store.effects(s, "s1")).containsExactly("b:1", "a:1", "a:2", "a:3", "a:4");
    }

    /**
     * Against a relay that stopped an outbox at its first failing event this fails: b on s1, and
     * everything on s2, would wait for a:1 on s1. The poison is still being retried (not parked)
     * when the rest has been delivered.
     */
    @Test
    void one_poison_event_holds_back_nothing_of_other_aggregates_and_nothing_of_other_subscriptions() {
        Schemas s = store.schemas();
        OutboxRelay relay = store.relay(s, 100, List.of(store.subscription("s1", s, Set.of("a:1")),
                store.subscription("s2", s, Set.of())));
        List<Noted> events = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            events.add(new Noted("a", i));
            events.add(new Noted("b", i));
        }
        store.append(store.outbox(announced), s, events.toArray(Noted[]::new));

        for (int pass = 0; pass < 6; pass++) { // a:1 fails on s1 in every one of them
            relay.drain();
            store.clock.advance(Duration.ofMinutes(2));
        }

        assertThat(store.effects(s, "s1")).containsExactly("b:1", "b:2", "b:3");
        assertThat(store.effects(s, "s2")).containsExactly("a:1", "b:1", "a:2", "b:2", "a:3", "b:3");
        assertThat(store.state(s, "s1", "a", 1)).isEqualTo("PENDING");
        assertThat(store.jdbc.sql("SELECT attempts FROM " + s.publisher() + ".event_delivery WHERE id = :id")
                .param("id", store.deliveryId(s, "s1", "a", 1)).query(Integer.class).single()).isEqualTo(6);
        assertThat(store.state(s, "s1", "a", 2)).isEqualTo("PENDING");
        assertThat(store.state(s, "s1", "a", 3)).isEqualTo("PENDING");
    }

    @Test
    void events_left_undelivered_by_the_old_relay_are_delivered_after_the_upgrade() {
        Schemas s = new Schemas("old" + UUID.randomUUID().toString().substring(0, 8), "oldcon" + UUID.randomUUID().toString().substring(0, 8));
        store.migrate(s.publisher(), "0.1"); // the outbox as the old relay knew it
        store.migrate(s.consumer(), null);
        store.jdbc.sql("CREATE TABLE " + s.consumer() + ".effect (n bigserial PRIMARY KEY, subscription text NOT NULL,"
                + " aggregate text NOT NULL, seq int NOT NULL)").update();
        var at = store.clock.instant().atOffset(ZoneOffset.UTC);
        for (int i = 1; i <= 3; i++) {
            store.jdbc.sql("INSERT INTO " + s.publisher() + ".outbox (id, event_type, payload, occurred_at, published_at)"
                            + " VALUES (:id, :type, CAST(:payload AS jsonb), :at, :published)")
                    .param("id", UUID.randomUUID()).param("type", Noted.class.getName())
                    .param("payload", store.json.writeValueAsString(new Noted("x", i))).param("at", at.plusSeconds(i))
                    .param("published", i == 1 ? at : null).update();
        }
        store.migrate(s.publisher(), null);

        store.drainUntilQuiet(store.relay(s, 10, List.of(store.subscription("s1", s, Set.of()))), 10);

        assertThat(store.effects(s, "s1")).containsExactly("x:2", "x:3");
    }
}

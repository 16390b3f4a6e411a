package io.emporium.identity.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jwt.SignedJWT;
import io.emporium.identity.api.SigningKeyView;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.security.Role;
import io.emporium.platform.security.Tokens;
import io.emporium.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class SigningKeysTest {

    private static final Duration TTL = Duration.ofHours(1);
    private static final Duration PUBLISH_AHEAD = Duration.ofMinutes(1);
    private static final Duration ROTATE_EVERY = Duration.ofDays(30);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final SigningKeys keys = new SigningKeys(store, new SigningKeys.Settings(TTL, ROTATE_EVERY, PUBLISH_AHEAD), clock);
    private final JwtDecoder verifier = new Tokens("service-secret-of-at-least-32-bytes!!".getBytes(), keys, clock).decoder();

    @Test
    void the_first_key_is_made_when_the_first_token_is_needed_and_signs_at_once() {
        assertThat(store.keys).isEmpty();
        String token = keys.issue("cus_1", Role.CUSTOMER, Optional.empty()).value();

        assertThat(store.keys).hasSize(1);
        assertThat(kid(token)).isEqualTo(store.keys.getFirst().kid());
        assertThat(verifier.decode(token).getSubject()).isEqualTo("cus_1");
        assertThat(keys.published().getKeys()).singleElement().satisfies(k -> assertThat(k.isPrivate()).isFalse());
        assertThat(keys.views()).extracting(SigningKeyView::state).containsExactly("SIGNING");
    }

    @Test
    void a_rotated_key_is_published_before_it_signs_and_the_old_one_until_its_tokens_have_expired() {
        String before = keys.issue("cus_1", Role.CUSTOMER, Optional.empty()).value();
        String oldKid = kid(before);

        SigningKeyView next = keys.rotate();
        assertThat(next.state()).isEqualTo("NEXT");
        assertThat(next.signsFrom()).isEqualTo(clock.instant().plus(PUBLISH_AHEAD));
        assertThat(keys.published().getKeys()).extracting(JWK::getKeyID).containsExactlyInAnyOrder(oldKid, next.keyId());
        assertThat(kid(keys.issue("cus_1", Role.CUSTOMER, Optional.empty()).value())).as("not yet").isEqualTo(oldKid);
        assertThatThrownBy(keys::rotate).isInstanceOf(ConflictException.class).hasMessageContaining(next.keyId());
        assertThat(store.keys).as("the refused rotation changed nothing").hasSize(2);

        clock.advance(PUBLISH_AHEAD);
        String after = keys.issue("cus_2", Role.CUSTOMER, Optional.empty()).value();
        assertThat(kid(after)).isEqualTo(next.keyId());
        assertThat(keys.views()).extracting(SigningKeyView::state).containsExactly("SIGNING", "RETIRED");
        SigningKeyView retired = keys.views().getLast();
        assertThat(retired.signsUntil()).isEqualTo(next.signsFrom());
        assertThat(retired.publishedUntil()).isEqualTo(next.signsFrom().plus(TTL).plus(Duration.ofMinutes(5)));

        // a token of the old key stays good for its whole life
        clock.advance(TTL.minusSeconds(1).minus(PUBLISH_AHEAD));
        assertThat(verifier.decode(before).getSubject()).isEqualTo("cus_1");
        assertThat(keys.published().getKeys()).hasSize(2);

        // and the old key goes once no token it signed can be valid
        clock.advance(Duration.ofMinutes(10));
        keys.rotate(); // a change forgets what is no longer needed
        assertThat(store.keys).extracting(SigningKeyStore.StoredKey::kid).doesNotContain(oldKid);
        assertThat(keys.published().getKeys()).extracting(JWK::getKeyID).doesNotContain(oldKid);
    }

    @Test
    void a_key_rotates_by_itself_once_it_has_signed_for_the_rotation_period() {
        String first = kid(keys.issue("cus_1", Role.CUSTOMER, Optional.empty()).value());
        clock.advance(ROTATE_EVERY.minusSeconds(1));
        keys.issue("cus_1", Role.CUSTOMER, Optional.empty());
        assertThat(store.keys).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(kid(keys.issue("cus_1", Role.CUSTOMER, Optional.empty()).value())).as("published ahead first").isEqualTo(first);
        assertThat(store.keys).hasSize(2);
        clock.advance(PUBLISH_AHEAD);
        assertThat(kid(keys.issue("cus_1", Role.CUSTOMER, Optional.empty()).value())).isNotEqualTo(first);
        assertThat(store.keys).hasSize(2);
    }

    @Test
    void a_key_made_by_another_identity_instance_is_known_as_soon_as_a_token_names_it() {
        keys.issue("cus_1", Role.CUSTOMER, Optional.empty());
        SigningKeys other = new SigningKeys(store, new SigningKeys.Settings(TTL, ROTATE_EVERY, PUBLISH_AHEAD), clock);
        other.rotate();
        clock.advance(PUBLISH_AHEAD);
        String token = other.issue("cus_9", Role.CUSTOMER, Optional.empty()).value();

        assertThat(verifier.decode(token).getSubject()).isEqualTo("cus_9"); // read again for the unknown key id
    }

    @Test
    void keys_read_before_keep_verifying_while_the_database_is_away() {
        String token = keys.issue("cus_1", Role.CUSTOMER, Optional.empty()).value();
        store.down = true;
        clock.advance(Duration.ofMinutes(2)); // past the time to read them again

        assertThat(verifier.decode(token).getSubject()).isEqualTo("cus_1");
        assertThat(keys.get(new JWKSelector(new JWKMatcher.Builder().keyID(kid(token)).build()), null)).hasSize(1);
        String foreign = Tokens.sign(Tokens.newSigningKey("key_x"), "cus_1", Role.ADMIN, Optional.empty(), clock.instant(), TTL).value();
        assertThatThrownBy(() -> verifier.decode(foreign)).isInstanceOf(JwtException.class);
    }

    @Test
    void two_instances_rotating_at_once_make_one_key() throws Exception {
        keys.issue("cus_1", Role.CUSTOMER, Optional.empty());
        SigningKeys other = new SigningKeys(store, new SigningKeys.Settings(TTL, ROTATE_EVERY, PUBLISH_AHEAD), clock);
        List<Thread> threads = new ArrayList<>();
        List<Object> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        for (SigningKeys instance : List.of(keys, other, keys, other)) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    outcomes.add(instance.rotate());
                } catch (ConflictException e) {
                    outcomes.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(outcomes.stream().filter(SigningKeyView.class::isInstance)).hasSize(1);
        assertThat(outcomes.stream().filter(ConflictException.class::isInstance)).hasSize(3);
        assertThat(store.keys).hasSize(2);
    }

    @Test
    void the_first_sign_ins_at_once_on_a_real_clock_make_one_key_and_all_get_a_token() throws Exception {
        SigningKeys real = new SigningKeys(store, new SigningKeys.Settings(TTL, ROTATE_EVERY, PUBLISH_AHEAD), Clock.systemUTC());
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> tokens = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                tokens.add(pool.submit(() -> {
                    start.await();
                    return real.issue("cus_1", Role.CUSTOMER, Optional.empty()).value();
                }));
            }
            start.countDown();
            for (var token : tokens) {
                assertThat(kid(token.get())).isEqualTo(store.keys.getFirst().kid());
            }
        }
        assertThat(store.keys).hasSize(1);
    }

    private static String kid(String token) {
        try {
            JWSHeader header = SignedJWT.parse(token).getHeader();
            assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            return header.getKeyID();
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    /** The store's semantics: changes one at a time, keys by their start. */
    static final class InMemoryStore implements SigningKeyStore {
        final List<StoredKey> keys = new ArrayList<>();
        volatile boolean down;

        @Override
        public synchronized List<StoredKey> keys() {
            if (down) {
                throw new DataAccessResourceFailureException("the database is away");
            }
            return keys.stream().sorted(Comparator.comparing(StoredKey::signsFrom)).toList();
        }

        @Override
        public synchronized StoredKey change(Function<List<StoredKey>, StoredKey> decide,
                BiPredicate<StoredKey, List<StoredKey>> forget) {
            List<StoredKey> kept = keys();
            StoredKey added = decide.apply(kept);
            if (added != null) {
                keys.add(added);
            }
            kept.stream().filter(k -> forget.test(k, kept)).forEach(keys::remove);
            return added;
        }
    }
}

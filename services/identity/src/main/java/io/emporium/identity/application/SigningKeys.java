package io.emporium.identity.application;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import io.emporium.identity.api.SigningKeyView;
import io.emporium.identity.application.SigningKeyStore.StoredKey;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.security.AccessTokenKeys;
import io.emporium.platform.security.Role;
import io.emporium.platform.security.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys that sign access tokens: identity alone holds their private parts (in its schema) and signs with them;
 * it publishes their public parts, which every process verifies with. A new key is published {@code publishAhead}
 * before it signs, so every verifier can have fetched it before the first token it signed arrives; a key that no
 * longer signs stays published for the access tokens' lifetime (plus five minutes for clocks that differ), so no
 * token it signed is refused before it expires. A key is rotated when an admin asks, and by itself once it has
 * signed for {@code rotateEvery}. The first key is made, and signs at once, when the first token is needed.
 *
 * <p>Every identity instance reads the same table, so they agree on which key signs when; they see each other's
 * new keys within {@value #RELOAD_SECONDS} seconds, or at once when asked about a key id they do not know.
 */
public class SigningKeys implements AccessTokenKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final long RELOAD_SECONDS = 30;
    private static final Duration RELOAD = Duration.ofSeconds(RELOAD_SECONDS);
    private static final Duration UNKNOWN_KID_RELOAD = Duration.ofSeconds(5);
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

    public record Settings(Duration accessTokenTtl, Duration rotateEvery, Duration publishAhead) {
        public Settings {
            if (accessTokenTtl.isNegative() || accessTokenTtl.isZero() || rotateEvery.compareTo(publishAhead) <= 0) {
                throw new IllegalArgumentException("access tokens must live a while, and keys must sign for longer than "
                        + "they are published ahead: " + accessTokenTtl + ", " + rotateEvery + ", " + publishAhead);
            }
        }
    }

    private record Loaded(List<StoredKey> keys, Instant at) {
    }

    private final SigningKeyStore store;
    private final Settings settings;
    private final Clock clock;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    private final AtomicReference<Instant> lastUnknownKidReload = new AtomicReference<>(Instant.EPOCH);

    public SigningKeys(SigningKeyStore store, Settings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    public Duration accessTokenTtl() {
        return settings.accessTokenTtl();
    }

    /** An access token for the account, signed with the key that signs now. */
    public Tokens.IssuedToken issue(String subject, Role role, Optional<MerchantId> merchant) {
        Instant now = clock.instant();
        return Tokens.sign(signing(now).key(), subject, role, merchant, now, settings.accessTokenTtl());
    }

    /** The public keys to publish (NEXT, SIGNING and RETIRED ones still needed). */
    public JWKSet published() {
        signing(clock.instant()); // makes the first key, or the next one when due, before anything is published
        return publicKeys();
    }

    private JWKSet publicKeys() {
        Instant now = clock.instant();
        List<StoredKey> keys = keys(false);
        return new JWKSet(keys.stream().filter(k -> !forgettable(k, keys, now)).map(k -> (JWK) k.key().toPublicJWK()).toList());
    }

    /**
     * Verification of access tokens in identity's own process: the keys it publishes, read again for a key id it does
     * not know (at most every five seconds), and kept while its database is away.
     */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        List<JWK> found = selector.select(publicKeys());
        Instant now = clock.instant();
        Instant last = lastUnknownKidReload.get();
        if (found.isEmpty() && !now.isBefore(last.plus(UNKNOWN_KID_RELOAD)) && lastUnknownKidReload.compareAndSet(last, now)) {
            keys(true);
            found = selector.select(publicKeys());
        }
        return found;
    }

    /** Every key kept, newest first, as admins see it. */
    public List<SigningKeyView> views() {
        Instant now = clock.instant();
        signing(now);
        List<StoredKey> keys = keys(false);
        List<SigningKeyView> views = new ArrayList<>();
        for (int i = keys.size() - 1; i >= 0; i--) {
            StoredKey key = keys.get(i);
            Instant until = i + 1 < keys.size() ? keys.get(i + 1).signsFrom() : null;
            String state = key.signsFrom().isAfter(now) ? "NEXT" : until == null || until.isAfter(now) ? "SIGNING" : "RETIRED";
            views.add(new SigningKeyView(key.kid(), "RS256", state, key.createdAt(), key.signsFrom(), until,
                    "RETIRED".equals(state) ? publishedUntil(until) : null));
        }
        return views;
    }

    /**
     * Makes a new key, published now, that signs from {@code publishAhead} on (at once when there is no key yet).
     * 409 while a new key is already waiting to sign: rotating again would take it out before it ever signed.
     */
    public SigningKeyView rotate() {
        Instant now = clock.instant();
        StoredKey added = store.change(keys -> pending(keys, now) ? null : newKey(keys, now),
                (k, kept) -> forgettable(k, kept, now));
        loaded.set(null);
        if (added == null) {
            StoredKey next = keys(true).getLast();
            throw new ConflictException("rotation-pending", "key " + next.kid() + " was made on " + next.createdAt()
                    + " and signs from " + next.signsFrom() + "; rotate again once it signs",
                    Map.of("keyId", next.kid(), "signsFrom", next.signsFrom().toString()));
        }
        log.info("signing key {} made; it signs access tokens from {}", added.kid(), added.signsFrom());
        return views().stream().filter(v -> v.keyId().equals(added.kid())).findFirst().orElseThrow();
    }

    private StoredKey signing(Instant now) {
        List<StoredKey> keys = keys(false);
        if (keys.isEmpty() || rotationDue(keys, now)) {
            StoredKey added = store.change(kept -> kept.isEmpty() || rotationDue(kept, now) ? newKey(kept, now) : null,
                    (k, kept) -> forgettable(k, kept, now));
            if (added != null) {
                log.info("signing key {} made ({}); it signs access tokens from {}", added.kid(),
                        keys.isEmpty() ? "the first" : "the last has signed for " + settings.rotateEvery(), added.signsFrom());
            }
            keys = keys(true);
        }
        // read the clock again: a first key that another request made while this one waited for the lock may start
        // a moment after this request's 'now'
        Instant at = clock.instant();
        return keys.stream().filter(k -> !k.signsFrom().isAfter(at)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no signing key signs yet"));
    }

    private StoredKey newKey(List<StoredKey> kept, Instant now) {
        Instant signsFrom = kept.isEmpty() ? now : now.plus(settings.publishAhead());
        return new StoredKey(Tokens.newSigningKey(Identifiers.newId("key")), now, signsFrom);
    }

    /** The newest key already signs, and has for {@code rotateEvery}. */
    private boolean rotationDue(List<StoredKey> keys, Instant now) {
        StoredKey newest = keys.getLast();
        return !newest.signsFrom().isAfter(now) && !newest.signsFrom().plus(settings.rotateEvery()).isAfter(now);
    }

    private static boolean pending(List<StoredKey> keys, Instant now) {
        return !keys.isEmpty() && keys.getLast().signsFrom().isAfter(now);
    }

    /** A key is needed until the tokens it signed have expired: the next one's start, plus their lifetime and slack. */
    private boolean forgettable(StoredKey key, List<StoredKey> keys, Instant now) {
        int i = keys.indexOf(key);
        return i >= 0 && i + 1 < keys.size() && !publishedUntil(keys.get(i + 1).signsFrom()).isAfter(now);
    }

    private Instant publishedUntil(Instant signedUntil) {
        return signedUntil.plus(settings.accessTokenTtl()).plus(CLOCK_SLACK);
    }

    private List<StoredKey> keys(boolean fresh) {
        Instant now = clock.instant();
        Loaded current = loaded.get();
        if (fresh || current == null || !now.isBefore(current.at().plus(RELOAD))) {
            try {
                current = new Loaded(List.copyOf(store.keys()), now);
            } catch (RuntimeException e) {
                if (current == null) {
                    throw e;
                }
                // the database is away: the keys read before still verify (and sign) until it is back
                log.warn("signing keys could not be read again, keeping the {} read at {}: {}", current.keys().size(),
                        current.at(), e.toString());
                current = new Loaded(current.keys(), now.minus(RELOAD).plusSeconds(5)); // try again in five seconds
            }
            loaded.set(current);
        }
        return current.keys();
    }
}

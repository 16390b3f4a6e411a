package io.emporium.identity.infrastructure;

import com.nimbusds.jose.jwk.RSAKey;
import io.emporium.identity.application.SigningKeyStore;
import java.text.ParseException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import java.util.function.BiPredicate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

@Repository
public class JdbcSigningKeyStore implements SigningKeyStore {

    /** pg_advisory_xact_lock key of key changes ('idsk'). */
    private static final long LOCK = 0x6964736bL;

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    public JdbcSigningKeyStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        // a sign-in may need the first key inside its own read-only transaction: the key is written in one of its own
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Override
    public List<StoredKey> keys() {
        return jdbc.sql("SELECT jwk, created_at, signs_from FROM identity.signing_key ORDER BY signs_from")
                .query((rs, n) -> new StoredKey(parse(rs.getString("jwk")),
                        rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant(),
                        rs.getObject("signs_from", java.time.OffsetDateTime.class).toInstant()))
                .list();
    }

    @Override
    public StoredKey change(Function<List<StoredKey>, StoredKey> decide, BiPredicate<StoredKey, List<StoredKey>> forget) {
        return ownTransaction.execute(tx -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:lock)").param("lock", LOCK).query().singleValue();
            List<StoredKey> keys = keys();
            StoredKey added = decide.apply(keys);
            if (added != null) {
                jdbc.sql("""
                        INSERT INTO identity.signing_key (kid, algorithm, jwk, created_at, signs_from)
                        VALUES (:kid, 'RS256', :jwk, :created, :from)""")
                        .param("kid", added.kid()).param("jwk", added.key().toJSONString())
                        .param("created", added.createdAt().atOffset(ZoneOffset.UTC))
                        .param("from", added.signsFrom().atOffset(ZoneOffset.UTC)).update();
            }
            for (StoredKey key : keys) {
                if (forget.test(key, keys)) {
                    jdbc.sql("DELETE FROM identity.signing_key WHERE kid = :kid").param("kid", key.kid()).update();
                }
            }
            return added;
        });
    }

    private static RSAKey parse(String jwk) {
        try {
            return RSAKey.parse(jwk);
        } catch (ParseException e) {
            throw new IllegalStateException("a stored signing key is not an RSA JWK", e);
        }
    }
}

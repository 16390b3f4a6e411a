package io.emporium.identity.infrastructure;

import io.emporium.identity.application.AccountRepository;
import io.emporium.identity.domain.Account;
import io.emporium.kernel.MerchantId;
import io.emporium.platform.security.Role;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcAccountRepository implements AccountRepository {

    private final JdbcClient jdbc;

    public JdbcAccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the account; false if the email is taken. */
    @Override
    public boolean insert(Account account) {
        return jdbc.sql("""
                INSERT INTO identity.account (id, email, password_hash, display_name, role, merchant_id, created_at)
                VALUES (:id, :email, :hash, :name, :role, :merchant, :created)
                ON CONFLICT (lower(email)) DO NOTHING""")
                .param("id", account.id()).param("email", account.email()).param("hash", account.passwordHash())
                .param("name", account.displayName()).param("role", account.role().name())
                .param("merchant", account.merchant().map(MerchantId::value).orElse(null))
                .param("created", account.createdAt().atOffset(ZoneOffset.UTC))
                .update() == 1;
    }

    @Override
    public Optional<Account> findByEmail(String email) {
        return find("lower(email) = lower(:v)", email);
    }

    @Override
    public Optional<Account> findById(String id) {
        return find("id = :v", id);
    }

    private Optional<Account> find(String condition, String value) {
        return jdbc.sql("SELECT * FROM identity.account WHERE " + condition).param("v", value)
                .query((rs, n) -> new Account(rs.getString("id"), rs.getString("email"), rs.getString("password_hash"),
                        rs.getString("display_name"), Role.valueOf(rs.getString("role")),
                        Optional.ofNullable(rs.getString("merchant_id")).map(MerchantId::new),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** Every merchant that has staff accounts, with them, oldest merchant first. */
    @Override
    public java.util.List<io.emporium.identity.api.MerchantView> merchants() {
        java.util.Map<String, io.emporium.identity.api.MerchantView> found = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                SELECT merchant_id, email, display_name, created_at FROM identity.account
                WHERE role = 'MERCHANT' AND merchant_id IS NOT NULL
                ORDER BY min(created_at) OVER (PARTITION BY merchant_id), merchant_id, created_at""")
                .query(rs -> {
                    String merchant = rs.getString("merchant_id");
                    var staff = new io.emporium.identity.api.MerchantView.Staff(rs.getString("email"), rs.getString("display_name"));
                    var view = found.get(merchant);
                    java.util.List<io.emporium.identity.api.MerchantView.Staff> list = new java.util.ArrayList<>(
                            view == null ? java.util.List.of() : view.staff());
                    list.add(staff);
                    found.put(merchant, new io.emporium.identity.api.MerchantView(merchant, list,
                            view == null ? rs.getObject("created_at", OffsetDateTime.class).toInstant() : view.since()));
                });
        return java.util.List.copyOf(found.values());
    }
}

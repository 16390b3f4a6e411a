package io.emporium.identity.application;

import io.emporium.identity.domain.Account;
import java.util.Optional;

/** Accounts, as the use cases need them (JdbcAccountRepository stores them). */
public interface AccountRepository {

    /** Inserts the account; false if the email is taken. */
    boolean insert(Account account);

    Optional<Account> findByEmail(String email);

    Optional<Account> findById(String id);

    /** Every merchant that has staff accounts, with them, oldest merchant first. */
    java.util.List<io.emporium.identity.api.MerchantView> merchants();
}

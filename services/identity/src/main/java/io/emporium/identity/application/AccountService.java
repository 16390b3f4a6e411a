package io.emporium.identity.application;

import io.emporium.identity.api.AccessToken;
import io.emporium.identity.api.AccountView;
import io.emporium.identity.domain.Account;
import io.emporium.kernel.Identifiers;
import io.emporium.kernel.MerchantId;
import io.emporium.platform.problem.ConflictException;
import io.emporium.platform.problem.NotFoundException;
import io.emporium.platform.problem.UnauthenticatedException;
import io.emporium.platform.security.Role;
import io.emporium.platform.security.Tokens;
import java.time.Clock;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sign-up, sign-in and accounts. Passwords are stored only as adaptive (bcrypt) hashes. */
@Service
public class AccountService {

    private final AccountRepository accounts;
    private final PasswordEncoder passwords;
    private final SigningKeys tokens;
    private final Clock clock;
    private final SignInThrottle throttle;
    /** Compared against when the email is unknown, so a miss costs as much as a wrong password. */
    private final String decoyHash;

    public AccountService(AccountRepository accounts, PasswordEncoder passwords, SigningKeys tokens, Clock clock,
            SignInThrottle throttle) {
        this.accounts = accounts;
        this.throttle = throttle;
        this.passwords = passwords;
        this.tokens = tokens;
        this.clock = clock;
        this.decoyHash = passwords.encode("decoy-password-for-timing");
    }

    /** Signs up a customer; {@code clientAddress} is whoever asked, for the per-address sign-up limit. */
    @Transactional
    public AccountView signUpCustomer(String email, String password, String displayName, String clientAddress) {
        throttle.signUp(clientAddress);
        Account account = newAccount(email, password, displayName, Role.CUSTOMER, Optional.empty());
        if (!accounts.insert(account)) {
            throw new ConflictException("email-taken", "an account with this email already exists");
        }
        return view(account);
    }

    @Transactional
    public AccountView ensureAccount(String email, String password, String displayName, Role role,
            Optional<MerchantId> merchant) {
        Account account = newAccount(email, password, displayName, role, merchant);
        if (accounts.insert(account)) {
            return view(account);
        }
        return view(accounts.findByEmail(account.email()).orElseThrow());
    }

    /**
     * Signs in, within the {@link SignInThrottle}'s limits for the account and for {@code clientAddress}
     * (429 once a limit is reached, before the password is looked at).
     */
    @Transactional(readOnly = true)
    public AccessToken signIn(String email, String password, String clientAddress) {
        String normalized = Account.normalize(email);
        SignInThrottle.Attempt attempt = throttle.begin(normalized, clientAddress);
        Optional<Account> account;
        boolean matches;
        try {
            account = accounts.findByEmail(normalized);
            matches = passwords.matches(password, account.map(Account::passwordHash).orElse(decoyHash));
        } catch (RuntimeException e) {
            attempt.abandoned();
            throw e;
        }
        if (account.isEmpty() || !matches) {
            attempt.failed();
            throw new UnauthenticatedException("invalid-credentials", "the email or the password is wrong");
        }
        attempt.succeeded();
        Account a = account.get();
        Tokens.IssuedToken token = tokens.issue(a.id(), a.role(), a.merchant());
        return new AccessToken(token.value(), "Bearer", token.expiresAt(), a.id(), a.role().name(),
                a.merchant().map(MerchantId::value).orElse(null));
    }

    @Transactional(readOnly = true)
    public java.util.List<io.emporium.identity.api.MerchantView> merchants() {
        return accounts.merchants();
    }

    @Transactional(readOnly = true)
    public AccountView account(String id) {
        return accounts.findById(id).map(AccountService::view)
                .orElseThrow(() -> new NotFoundException("unknown-account", "no such account"));
    }

    private Account newAccount(String email, String password, String displayName, Role role, Optional<MerchantId> merchant) {
        String name = displayName == null || displayName.isBlank() ? email.substring(0, email.indexOf('@')) : displayName.trim();
        return new Account(Identifiers.newId(role == Role.CUSTOMER ? "cus" : "acc"), email, passwords.encode(password), name,
                role, merchant, clock.instant());
    }

    private static AccountView view(Account a) {
        return new AccountView(a.id(), a.email(), a.displayName(), a.role().name(),
                a.merchant().map(MerchantId::value).orElse(null), a.createdAt());
    }
}

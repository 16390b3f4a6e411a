package io.emporium.identity.web;

import io.swagger.v3.oas.annotations.Operation;
import io.emporium.identity.api.AccountView;
import io.emporium.identity.api.IdentityApi;
import io.emporium.identity.api.NewAccount;
import io.emporium.identity.application.AccountService;
import io.emporium.kernel.MerchantId;
import io.emporium.platform.security.Role;
import java.util.Optional;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.RestController;

/** Identity's service-to-service API; also its local binding. */
@RestController
@Transactional(propagation = Propagation.NOT_SUPPORTED) // a local call never joins the caller's transaction
public class IdentityInternalController implements IdentityApi {

    private final AccountService accounts;

    public IdentityInternalController(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    @Operation(summary = "Create an account of any role unless it exists (idempotent by email)")
    public AccountView ensureAccount(NewAccount account) {
        return accounts.ensureAccount(account.email(), account.password(), account.displayName(), Role.valueOf(account.role()),
                Optional.ofNullable(account.merchantId()).map(MerchantId::new));
    }
}

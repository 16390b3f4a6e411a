package io.emporium.identity.api;

import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PutExchange;

/** What other services (and the launcher's demo data) may ask of identity. */
@HttpExchange("/api/identity/internal")
public interface IdentityApi {

    /** Creates the account if no account has this email; returns the account either way. */
    @PutExchange("/accounts")
    AccountView ensureAccount(@Valid @RequestBody NewAccount account);
}

package io.emporium.identity.web;

import io.emporium.identity.api.AccessToken;
import io.emporium.identity.api.AccountView;
import io.emporium.identity.api.SignIn;
import io.emporium.identity.api.SignUp;
import io.emporium.identity.application.AccountService;
import io.emporium.platform.security.CurrentCaller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class IdentityController {

    private final AccountService accounts;

    public IdentityController(AccountService accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/api/identity/customers")
    public ResponseEntity<AccountView> signUp(@Valid @RequestBody SignUp request, HttpServletRequest http) {
        AccountView account = accounts.signUpCustomer(request.email(), request.password(), request.displayName(),
                ClientAddress.of(http));
        return ResponseEntity.created(URI.create("/api/identity/accounts/me")).body(account);
    }

    @PostMapping("/api/identity/tokens")
    public AccessToken signIn(@Valid @RequestBody SignIn request, HttpServletRequest http) {
        return accounts.signIn(request.email(), request.password(), ClientAddress.of(http));
    }

    @GetMapping("/api/identity/accounts/me")
    public AccountView me() {
        return accounts.account(CurrentCaller.get().accountId());
    }

    /** Every merchant with staff accounts (ADMIN). */
    @GetMapping("/api/identity/merchants")
    public java.util.List<io.emporium.identity.api.MerchantView> merchants() {
        if (!CurrentCaller.get().is(io.emporium.platform.security.Role.ADMIN)) {
            throw new io.emporium.platform.problem.ForbiddenException("admins-only", "only admins list merchants");
        }
        return accounts.merchants();
    }
}

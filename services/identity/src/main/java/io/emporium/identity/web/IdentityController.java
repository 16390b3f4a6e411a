package io.emporium.identity.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    @Operation(operationId = "signUp", summary = "Sign up as a customer",
            description = "Creates a customer account; sign in with POST /api/identity/tokens afterwards.")
    @ApiResponse(responseCode = "201", description = "The account was created", headers = @Header(name = "Location", description = "the new account: /api/identity/accounts/me", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "409", description = "An account with this email exists")
    @ApiResponse(responseCode = "429", description = "Too many sign-ups from here; Retry-After says when to try again")
    @PostMapping("/api/identity/customers")
    public ResponseEntity<AccountView> signUp(@Valid @RequestBody SignUp request, HttpServletRequest http) {
        AccountView account = accounts.signUpCustomer(request.email(), request.password(), request.displayName(),
                ClientAddress.of(http));
        return ResponseEntity.created(URI.create("/api/identity/accounts/me")).body(account);
    }

    @Operation(operationId = "signIn", summary = "Sign in: exchange email and password for an access token",
            description = "The token goes into Authorization: Bearer <token> on every call that needs an account.")
    @ApiResponse(responseCode = "200", description = "Signed in")
    @ApiResponse(responseCode = "401", description = "The email or the password is wrong")
    @ApiResponse(responseCode = "429", description = "Too many sign-in attempts; Retry-After says when to try again")
    @PostMapping("/api/identity/tokens")
    public AccessToken signIn(@Valid @RequestBody SignIn request, HttpServletRequest http) {
        return accounts.signIn(request.email(), request.password(), ClientAddress.of(http));
    }

    @Operation(operationId = "getMyAccount", summary = "The signed-in account")
    @ApiResponse(responseCode = "200", description = "The account")
    @ApiResponse(responseCode = "404", description = "The token names an account that does not exist (any more)")
    @GetMapping("/api/identity/accounts/me")
    public AccountView me() {
        return accounts.account(CurrentCaller.get().accountId());
    }

    /** Every merchant with staff accounts (ADMIN). */
    @Operation(operationId = "listMerchants", summary = "Every merchant with its staff accounts (admins)")
    @GetMapping("/api/identity/merchants")
    public java.util.List<io.emporium.identity.api.MerchantView> merchants() {
        if (!CurrentCaller.get().is(io.emporium.platform.security.Role.ADMIN)) {
            throw new io.emporium.platform.problem.ForbiddenException("admins-only", "only admins list merchants");
        }
        return accounts.merchants();
    }
}

package io.emporium.identity.web;

import io.emporium.identity.api.SigningKeyView;
import io.emporium.identity.application.SigningKeys;
import io.emporium.platform.problem.ForbiddenException;
import io.emporium.platform.security.CurrentCaller;
import io.emporium.platform.security.PublishedAccessTokenKeys;
import io.emporium.platform.security.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Identity's public keys (for whoever verifies its tokens) and, for admins, their rotation. */
@RestController
public class SigningKeysController {

    private final SigningKeys keys;

    public SigningKeysController(SigningKeys keys) {
        this.keys = keys;
    }

    @Operation(operationId = "getTokenKeys", summary = "The public keys that verify access tokens (JSON Web Key Set)",
            description = "RFC 7517 key set of identity's RS256 keys; pick the key by the token header's kid. A new key "
                    + "appears here before it signs anything, and a retired one stays while tokens it signed may be in "
                    + "use. Cache it for at most five minutes, and fetch it again when a token names a kid you do not "
                    + "know. No credential needed.")
    @ApiResponse(responseCode = "200", description = "The key set", content = @Content(mediaType = "application/json",
            schema = @Schema(type = "object", description = "{\"keys\": [{\"kty\": \"RSA\", \"kid\": ..., \"use\": \"sig\", "
                    + "\"alg\": \"RS256\", \"n\": ..., \"e\": ...}]}")))
    @GetMapping(path = PublishedAccessTokenKeys.PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> keySet() {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(keys.published().toJSONObject(true));
    }

    @Operation(operationId = "listSigningKeys", summary = "The keys that sign access tokens, newest first (admins)")
    @ApiResponse(responseCode = "200", description = "The keys")
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @GetMapping("/api/identity/signing-keys")
    public List<SigningKeyView> list() {
        requireAdmin();
        return keys.views();
    }

    @Operation(operationId = "rotateSigningKey", summary = "Make a new signing key (admins)",
            description = "The new key is published at once and signs from signsFrom on (after a delay that lets every "
                    + "verifier fetch it; at once when there is no key yet). Tokens signed before stay valid until they "
                    + "expire.")
    @ApiResponse(responseCode = "201", description = "The new key", headers = @Header(name = "Location",
            description = "/api/identity/signing-keys", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "403", description = "Not an admin")
    @ApiResponse(responseCode = "409", description = "A new key is already waiting to sign (rotation-pending)")
    @PostMapping("/api/identity/signing-keys")
    public ResponseEntity<SigningKeyView> rotate() {
        requireAdmin();
        return ResponseEntity.created(URI.create("/api/identity/signing-keys")).body(keys.rotate());
    }

    private static void requireAdmin() {
        if (!CurrentCaller.get().is(Role.ADMIN)) {
            throw new ForbiddenException("admins-only", "only admins see and rotate signing keys");
        }
    }
}

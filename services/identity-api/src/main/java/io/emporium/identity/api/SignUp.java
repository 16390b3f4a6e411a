package io.emporium.identity.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A customer signing up. */
@Schema(example = "{\"email\": \"sam@example.com\", \"password\": \"a-long-passphrase\", \"displayName\": \"Sam\"}")
public record SignUp(@NotBlank @Email @Size(max = 254) String email,
        @NotBlank @Size(min = 8, max = 128, message = "must be 8 to 128 characters") String password,
        @Size(max = 100) String displayName) {
}

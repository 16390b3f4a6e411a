package io.emporium.identity.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A customer signing up. */
public record SignUp(@NotBlank @Email @Size(max = 254) String email,
        @NotBlank @Size(min = 8, max = 128, message = "must be 8 to 128 characters") String password,
        @Size(max = 100) String displayName) {
}

package io.emporium.identity.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** An account of any role; merchantId is required for MERCHANT and forbidden otherwise. */
public record NewAccount(@NotBlank @Email @Size(max = 254) String email, @NotBlank @Size(min = 8, max = 128) String password,
        @NotBlank @Size(max = 100) String displayName, @NotNull @Pattern(regexp = "CUSTOMER|MERCHANT|ADMIN") String role,
        String merchantId) {
}

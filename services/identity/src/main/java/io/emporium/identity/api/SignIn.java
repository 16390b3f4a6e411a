package io.emporium.identity.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record SignIn(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {
}

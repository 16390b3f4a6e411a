package io.emporium.identity.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

@Schema(example = "{\"email\": \"alice@demo.emporium\", \"password\": \"demo-pass-1\"}")
public record SignIn(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {
}

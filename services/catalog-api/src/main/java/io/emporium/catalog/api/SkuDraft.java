package io.emporium.catalog.api;

import io.emporium.kernel.Money;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A variant: a merchant's code (unique per merchant), attributes such as colour and size, a list price. */
public record SkuDraft(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,31}", message = "must be 1-32 letters, digits, '.', '_' or '-'") String code,
        @Size(max = 10) Map<String, String> attributes,
        @NotNull Money price) {
}

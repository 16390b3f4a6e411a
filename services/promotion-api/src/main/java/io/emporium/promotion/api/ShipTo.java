package io.emporium.promotion.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Where a flash purchase is shipped (the same rules as a checkout's address). Free-text fields
 * refuse control characters and unpaired surrogates: they are no part of an address, and the
 * database refuses some of them (a NUL in JSON), which would fail every purchase batched with it.
 */
public record ShipTo(
        @NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String name,
        @NotBlank @Pattern(regexp = "\\+?[0-9][0-9 -]{4,19}", message = "must be a phone number of 5 to 20 digits") String phone,
        @NotBlank @Size(max = 200) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String line1,
        @Schema(nullable = true) @Size(max = 200) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String line2,
        @NotBlank @Size(max = 100) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String city,
        @Schema(nullable = true) @Size(max = 100) @Pattern(regexp = PRINTABLE, message = PRINTABLE_MESSAGE) String region,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 -]{1,11}", message = "must be a postal code") String postalCode,
        @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 two-letter country code") String country) {

    /** No control character (Cc) and no unpaired surrogate (Cs). */
    static final String PRINTABLE = "[^\\p{Cc}\\p{Cs}]*";
    static final String PRINTABLE_MESSAGE = "must not contain control characters";
}

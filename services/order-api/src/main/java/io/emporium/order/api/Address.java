package io.emporium.order.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

@Schema(example = "{\"name\": \"Ada Lovelace\", \"phone\": \"+86 138 0000 1234\", \"line1\": \"1 Century Avenue\", \"city\": \"Shanghai\", \"postalCode\": \"200120\", \"country\": \"CN\"}")
public record Address(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Pattern(regexp = "\\+?[0-9][0-9 -]{4,19}", message = "must be a phone number of 5 to 20 digits") String phone,
        @NotBlank @Size(max = 200) String line1,
        @Schema(nullable = true) @Size(max = 200) String line2,
        @NotBlank @Size(max = 100) String city,
        @Schema(nullable = true) @Size(max = 100) String region,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 -]{1,11}", message = "must be a postal code") String postalCode,
        @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 two-letter country code") String country) {
}

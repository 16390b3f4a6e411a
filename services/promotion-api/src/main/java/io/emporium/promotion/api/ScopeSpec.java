package io.emporium.promotion.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** What a promotion covers: ALL, or the listed MERCHANT, CATEGORY (and everything below it) or PRODUCT ids. */
public record ScopeSpec(@NotNull @Pattern(regexp = "ALL|MERCHANT|CATEGORY|PRODUCT", message = "must be ALL, MERCHANT, CATEGORY or PRODUCT") String kind,
        @Size(max = 100) List<@NotNull @Size(min = 1, max = 64) String> ids) {

    public ScopeSpec {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    public static ScopeSpec all() {
        return new ScopeSpec("ALL", List.of());
    }
}

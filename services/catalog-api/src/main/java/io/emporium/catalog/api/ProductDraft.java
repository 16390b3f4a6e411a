package io.emporium.catalog.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A new product with at least one SKU. {@code publish: true} makes it visible at once (default: a draft). */
public record ProductDraft(@NotBlank String categoryId, @NotBlank @Size(max = 120) String name,
        @NotNull @Size(max = 4000) @io.emporium.kernel.MultiLineText String description, @NotEmpty @Size(max = 50) List<@Valid @NotNull SkuDraft> skus,
        Boolean publish) {

    public boolean publishNow() {
        return Boolean.TRUE.equals(publish);
    }
}

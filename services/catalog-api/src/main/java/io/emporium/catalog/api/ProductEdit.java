package io.emporium.catalog.api;

import jakarta.validation.constraints.Size;

/** Changes to a product; absent fields stay as they are. */
public record ProductEdit(String categoryId, @Size(min = 1, max = 120) String name, @Size(max = 4000) @io.emporium.kernel.MultiLineText String description) {
}

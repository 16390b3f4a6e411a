package io.emporium.catalog.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A category with its children (the listing endpoint returns the roots of the tree). */
public record CategoryView(String id, String slug, String name, @Schema(nullable = true) String parentId, List<CategoryView> children) {
}

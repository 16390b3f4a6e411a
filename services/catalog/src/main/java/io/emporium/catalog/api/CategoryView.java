package io.emporium.catalog.api;

import java.util.List;

/** A category with its children (the listing endpoint returns the roots of the tree). */
public record CategoryView(String id, String slug, String name, String parentId, List<CategoryView> children) {
}

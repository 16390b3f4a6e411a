package io.emporium.catalog.domain;

/** A node of the category tree; parentId is null at the top. */
public record Category(String id, String slug, String name, String parentId, int position) {
}

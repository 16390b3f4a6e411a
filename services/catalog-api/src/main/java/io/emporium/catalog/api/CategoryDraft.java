package io.emporium.catalog.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A category; parent is the slug or id of an existing category, or null for a top-level one. */
public record CategoryDraft(@NotBlank @Size(max = 80) String name, String parent) {
}

package io.emporium.catalog.domain;

public enum ProductStatus {
    DRAFT, PUBLISHED, UNPUBLISHED
}

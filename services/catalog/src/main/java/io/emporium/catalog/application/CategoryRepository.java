package io.emporium.catalog.application;

import io.emporium.catalog.domain.Category;
import java.util.List;
import java.util.Optional;

/** The category tree, as the use cases need it (JdbcCategoryRepository stores it). */
public interface CategoryRepository {

    List<Category> all();

    /** By id or by slug. */
    Optional<Category> find(String idOrSlug);

    /** Inserts unless the slug exists; false then. */
    boolean insert(Category category);
}

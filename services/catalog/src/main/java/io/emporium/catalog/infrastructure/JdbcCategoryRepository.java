package io.emporium.catalog.infrastructure;

import io.emporium.catalog.application.CategoryRepository;
import io.emporium.catalog.domain.Category;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcCategoryRepository implements CategoryRepository {

    private final JdbcClient jdbc;

    public JdbcCategoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Category> all() {
        return jdbc.sql("SELECT * FROM catalog.category ORDER BY position, name")
                .query((rs, n) -> new Category(rs.getString("id"), rs.getString("slug"), rs.getString("name"),
                        rs.getString("parent_id"), rs.getInt("position")))
                .list();
    }

    /** By id or by slug. */
    @Override
    public Optional<Category> find(String idOrSlug) {
        return jdbc.sql("SELECT * FROM catalog.category WHERE id = :v OR slug = :v").param("v", idOrSlug)
                .query((rs, n) -> new Category(rs.getString("id"), rs.getString("slug"), rs.getString("name"),
                        rs.getString("parent_id"), rs.getInt("position")))
                .optional();
    }

    /** Inserts unless the slug exists; false then. */
    @Override
    public boolean insert(Category category) {
        return jdbc.sql("""
                INSERT INTO catalog.category (id, slug, name, parent_id, position)
                VALUES (:id, :slug, :name, :parent, COALESCE((SELECT max(position) + 1 FROM catalog.category), 0))
                ON CONFLICT (slug) DO NOTHING""")
                .param("id", category.id()).param("slug", category.slug()).param("name", category.name())
                .param("parent", category.parentId()).update() == 1;
    }
}

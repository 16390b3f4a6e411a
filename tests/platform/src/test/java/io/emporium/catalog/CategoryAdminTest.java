package io.emporium.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.emporium.testing.Api;
import io.emporium.testing.Fixtures;
import io.emporium.testing.PlatformTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@PlatformTest
class CategoryAdminTest {

    @LocalServerPort
    int port;
    @Autowired
    Fixtures fixtures;

    @Test
    void admins_grow_the_category_tree_and_nobody_else_can() {
        Api api = new Api(port);
        Api admin = fixtures.admin(api);
        String slug = Fixtures.unique("garden-").toLowerCase();
        Api.Response root = admin.post("/api/catalog/categories?slug=" + slug, Map.of("name", "Garden"));
        assertThat(root.status()).isEqualTo(201);
        Api.Response child = admin.post("/api/catalog/categories?slug=" + slug + "-tools",
                Map.of("name", "Garden Tools", "parent", slug));
        assertThat(child.status()).isEqualTo(201);
        assertThat(child.json().get("parentId").asString()).isEqualTo(root.json().get("id").asString());
        assertThat(api.get("/api/catalog/categories").body()).contains(slug + "-tools");
        Api.Response again = admin.post("/api/catalog/categories?slug=" + slug, Map.of("name", "Garden Again"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.problemType()).isEqualTo("category-exists");

        assertThat(fixtures.customer(api).post("/api/catalog/categories?slug=x-y", Map.of("name", "X")).status())
                .isEqualTo(403);
        assertThat(fixtures.merchant(api).api().post("/api/catalog/categories?slug=x-y", Map.of("name", "X")).status())
                .isEqualTo(403);
        assertThat(admin.post("/api/catalog/categories?slug=Not%20A%20Slug", Map.of("name", "X")).status()).isEqualTo(400);
        assertThat(admin.post("/api/catalog/categories?slug=orphan", Map.of("name", "X", "parent", "no-such")).status())
                .isEqualTo(422);
        assertThat(admin.post("/api/catalog/categories?slug=nameless", Map.of()).status()).isEqualTo(400);
    }
}

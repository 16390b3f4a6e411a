package io.emporium.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/** What the shop scenario browses and buys: a snapshot of the catalog taken before the load. */
record Catalog(List<String> categorySlugs, List<String> productIds, List<String> words, List<Sku> skus) {

    /** Carts must be in one currency to be checked out; the platform's default is CNY. */
    static final String CURRENCY = "CNY";
    private static final int WORDS = 30;

    record Sku(String id, long available) {
    }

    static Catalog load(Api api) {
        Log.step("Reading the catalog (categories, products, SKUs and their stock)");
        List<String> slugs = new ArrayList<>();
        for (JsonNode category : api.get("categories", "/api/catalog/categories", null)) {
            collectSlugs(category, slugs);
        }
        List<String> productIds = new ArrayList<>();
        Set<String> words = new LinkedHashSet<>();
        List<Sku> skus = new ArrayList<>();
        for (JsonNode product : api.get("list products", "/api/catalog/products?size=100", null).path("items")) {
            String id = product.path("id").asString();
            productIds.add(id);
            for (String word : product.path("name").asString().toLowerCase().split("[^a-z]+")) {
                if (word.length() >= 4 && words.size() < WORDS) {
                    words.add(word);
                }
            }
            for (JsonNode sku : api.get("product detail", "/api/catalog/products/" + id, null).path("skus")) {
                if (sku.path("price").path("currency").asString().equals(CURRENCY)) {
                    skus.add(new Sku(sku.path("id").asString(), sku.path("availability").path("available").asLong()));
                }
            }
        }
        if (productIds.isEmpty() || skus.isEmpty() || slugs.isEmpty() || words.isEmpty()) {
            throw new IllegalStateException("the catalog has no products, SKUs in " + CURRENCY + ", categories or words to use");
        }
        Log.step("Catalog: %d categories, %d products, %d SKUs in %s", slugs.size(), productIds.size(), skus.size(), CURRENCY);
        return new Catalog(slugs, productIds, List.copyOf(words), skus);
    }

    String randomCategory() {
        return pick(categorySlugs);
    }

    String randomProduct() {
        return pick(productIds);
    }

    String randomWord() {
        return pick(words);
    }

    static <T> T pick(List<T> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    private static void collectSlugs(JsonNode category, List<String> slugs) {
        slugs.add(category.path("slug").asString());
        for (JsonNode child : category.path("children")) {
            collectSlugs(child, slugs);
        }
    }
}

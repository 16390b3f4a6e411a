package io.emporium.kernel;

import java.util.List;
import java.util.function.Function;

/** One page of a listing: {@code {items, page, size, total}}, pages counted from 0. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
        if (page < 0 || size < 1 || total < 0) {
            throw new IllegalArgumentException("invalid page " + page + "/" + size + " of " + total);
        }
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), page, size, total);
    }
}

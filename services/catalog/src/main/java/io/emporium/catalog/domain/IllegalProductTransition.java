package io.emporium.catalog.domain;

import io.emporium.kernel.StateConflict;
import java.util.Map;

public class IllegalProductTransition extends StateConflict {

    public IllegalProductTransition(String id, ProductStatus current, ProductStatus target, String why) {
        super("illegal-product-transition", "product " + id + " is " + current + " and cannot become " + target + ": " + why,
                Map.of("currentState", current.name()));
    }
}

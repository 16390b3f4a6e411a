package io.emporium.bench;

import java.util.List;

/** What the load consists of. */
interface Scenario {

    /** Creates accounts, products and whatever else the actions need; runs before any load. */
    void prepare();

    /** The next action to schedule; called on the scheduler thread, so it must be quick. */
    Action next(boolean warmingUp);

    /** Checks particular to this scenario, made after the load. */
    default List<Check> checks() {
        return List.of();
    }

    /** Checkouts the platform creates on its own for this scenario's actions (flash purchases become orders). */
    default long asyncCheckouts() {
        return 0;
    }
}

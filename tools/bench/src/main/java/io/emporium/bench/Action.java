package io.emporium.bench;

import java.util.function.Supplier;

/** One scheduled unit of load: a name its statistics are kept under, and what to do. */
record Action(String name, Supplier<Outcome> body) {
}

package io.emporium.bench;

/**
 * How one action ended: OK; EXPECTED, an answer the scenario anticipates that is not a failure of the
 * platform (a 409 insufficient-stock when a hot SKU sells out); or ERROR, grouped by kind.
 */
record Outcome(Kind kind, String label) {

    enum Kind { OK, EXPECTED, ERROR }

    static final Outcome OK = new Outcome(Kind.OK, "ok");

    static Outcome expected(String label) {
        return new Outcome(Kind.EXPECTED, label);
    }

    static Outcome error(String label) {
        return new Outcome(Kind.ERROR, label);
    }
}

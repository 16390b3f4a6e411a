package io.emporium.bench;

/** The result of one invariant check. */
record Check(String name, Result result, String detail) {

    enum Result { PASS, FAIL, SKIPPED }

    static Check pass(String name, String detail) {
        return new Check(name, Result.PASS, detail);
    }

    static Check fail(String name, String detail) {
        return new Check(name, Result.FAIL, detail);
    }

    static Check skipped(String name, String detail) {
        return new Check(name, Result.SKIPPED, detail);
    }

    static Check of(String name, boolean passed, String detail) {
        return new Check(name, passed ? Result.PASS : Result.FAIL, detail);
    }
}

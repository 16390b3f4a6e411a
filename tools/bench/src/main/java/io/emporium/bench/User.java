package io.emporium.bench;

/** A signed-in account. */
record User(String email, String token) {
}

package io.emporium.coordination;

/**
 * The fencing token of an election's current leader: the czxid of its latch node. Writes fenced
 * with it are fenced per election ({@code group}), so two elections sharing a database stay apart.
 */
public record LeaderToken(String group, long value) {

    /** The fence resource of one job of this election, e.g. {@code jobs:reservation-expiry}. */
    public String resource(String job) {
        return group + ":" + job;
    }
}

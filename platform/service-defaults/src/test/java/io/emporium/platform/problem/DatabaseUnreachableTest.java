package io.emporium.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

/** A lost database is a 503 however deep a use case wrapped it; anything else stays a 500. */
class DatabaseUnreachableTest {

    @Test
    void a_lost_connection_anywhere_down_the_chain_is_the_database_being_away() {
        var commitFailed = new TransactionSystemException("Could not commit JDBC transaction",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        assertThat(ProblemHandler.databaseUnreachable(new IllegalStateException("checkout failed", commitFailed))).isTrue();
        assertThat(ProblemHandler.databaseUnreachable(new SQLException("terminating connection due to administrator command", "57P01")))
                .isTrue();
        assertThat(ProblemHandler.databaseUnreachable(new java.sql.SQLTransientConnectionException("pool timed out"))).isTrue();
    }

    @Test
    void a_rollback_that_fails_after_the_connection_died_under_the_statement_is_the_database_being_away() {
        // what a kill -9 of PostgreSQL mid-transaction gives: the statement's failure is the application exception,
        // the rollback's (on a connection the pool has already closed) carries no SQL state
        var rollbackFailed = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new org.springframework.dao.DataAccessResourceFailureException(
                "FATAL: terminating connection due to unexpected postmaster exit"));
        assertThat(ProblemHandler.databaseUnreachable(rollbackFailed)).isTrue();

        // after a commit that failed the same way, Spring logs the commit's failure and throws only the rollback's
        assertThat(ProblemHandler.databaseUnreachable(
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void other_failures_are_not() {
        assertThat(ProblemHandler.databaseUnreachable(new IllegalStateException("a bug"))).isFalse();
        assertThat(ProblemHandler.databaseUnreachable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(ProblemHandler.databaseUnreachable(new SQLException("no state"))).isFalse();
        assertThat(ProblemHandler.databaseUnreachable(new TransactionSystemException("no transaction manager"))).isFalse();
    }
}

package io.emporium.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/** Where the platform's PostgreSQL is, and how to connect to it. */
record Jdbc(String url, String user, String password) {

    Connection open() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The database's clock, so that "created during the run" does not depend on this machine's clock. */
    OffsetDateTime now() throws SQLException {
        try (Connection c = open(); var rs = c.createStatement().executeQuery("SELECT now()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class);
        }
    }
}

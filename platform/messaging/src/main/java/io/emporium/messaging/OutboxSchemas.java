package io.emporium.messaging;

import java.util.regex.Pattern;

/** Names of the outbox and inbox tables; schema names come from code, never from input, but are checked anyway. */
final class OutboxSchemas {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    private OutboxSchemas() {
    }

    static String table(String schema, String table) {
        if (!NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        return schema + "." + table;
    }
}

package com.nrsconnector.flow;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * An H2 trigger standing in for a database that refuses one write of the intake: storing a message whose template
 * carries the marker fails. The PostgreSQL run installs the same rule as a PL/pgSQL trigger.
 */
public class RefuseIntakeTrigger implements Trigger {

    static final String MARKER = "intakerefuse";
    private static final int TEMPLATE = 7;

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (newRow != null
                && newRow[TEMPLATE] != null
                && newRow[TEMPLATE].toString().contains(MARKER)) {
            throw new SQLException("refused by the test trigger: storing a '" + MARKER + "' message");
        }
    }
}

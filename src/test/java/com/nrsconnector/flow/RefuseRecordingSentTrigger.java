package com.nrsconnector.flow;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * An H2 trigger standing in for a database that refuses a write: recording a message as SENT fails when its text
 * carries the marker. The PostgreSQL run installs the same rule as a PL/pgSQL trigger.
 */
public class RefuseRecordingSentTrigger implements Trigger {

    static final String MARKER = "dbrefuse";
    private static final int STATUS = 5;
    private static final int TEXT = 10;

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if (newRow != null
                && "SENT".equals(newRow[STATUS])
                && newRow[TEXT] != null
                && newRow[TEXT].toString().contains(MARKER)) {
            throw new SQLException("refused by the test trigger: recording SENT for a '" + MARKER + "' text");
        }
    }
}

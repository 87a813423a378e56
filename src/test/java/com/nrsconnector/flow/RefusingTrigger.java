package com.nrsconnector.flow;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A database trigger that makes the database refuse some writes to {@code message} for a while, on PostgreSQL (a
 * PL/pgSQL function) and on H2 (a Java trigger class), so that tests can show what a refused write leaves behind.
 */
record RefusingTrigger(String name, String event, String postgresCondition, Class<?> h2Trigger) {

    /** Refuses recording a message SENT when its text carries {@link RefuseRecordingSentTrigger#MARKER}. */
    static final RefusingTrigger RECORDING_SENT = new RefusingTrigger(
            "refuse_recording_sent",
            "BEFORE UPDATE",
            "NEW.status = 'SENT' AND NEW.text LIKE '%" + RefuseRecordingSentTrigger.MARKER + "%'",
            RefuseRecordingSentTrigger.class);

    /** Refuses storing a message whose template carries {@link RefuseIntakeTrigger#MARKER}. */
    static final RefusingTrigger INTAKE = new RefusingTrigger(
            "refuse_intake",
            "BEFORE INSERT",
            "NEW.template LIKE '%" + RefuseIntakeTrigger.MARKER + "%'",
            RefuseIntakeTrigger.class);

    void install(DataSource dataSource) throws SQLException {
        boolean postgres = postgres(dataSource);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            if (postgres) {
                s.execute(
                        "CREATE OR REPLACE FUNCTION " + name + "() RETURNS trigger AS $$ BEGIN IF " + postgresCondition
                                + " THEN RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
                s.execute("CREATE TRIGGER " + name + " " + event + " ON message FOR EACH ROW EXECUTE FUNCTION " + name
                        + "()");
            } else {
                s.execute("CREATE TRIGGER " + name + " " + event + " ON message FOR EACH ROW CALL '"
                        + h2Trigger.getName() + "'");
            }
        }
    }

    void drop(DataSource dataSource) throws SQLException {
        boolean postgres = postgres(dataSource);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS " + name + (postgres ? " ON message" : ""));
        }
    }

    static boolean postgres(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        }
    }
}

package com.nrsconnector.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Databases a test run makes for itself on a PostgreSQL server and drops when it is done. The server is reached
 * through the database named in the given URL, which is only connected to, never written.
 */
public final class TestDatabases {

    private static final Pattern OWN_NAME = Pattern.compile("connector_(test|it)_[0-9a-f]{12}");

    private final String serverUrl;
    private final String user;
    private final String password;

    public TestDatabases(String serverUrl, String user, String password) {
        if (!serverUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + serverUrl);
        }
        this.serverUrl = serverUrl;
        this.user = user == null ? "" : user;
        this.password = password == null ? "" : password;
    }

    /** Creates a new empty database named {@code <prefix>_<random>} and answers its name. */
    public String create(String prefix) {
        String name =
                prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        requireOwn(name);
        // template0: template1 may be in use by someone else, which makes CREATE DATABASE fail.
        execute("CREATE DATABASE " + name + " TEMPLATE template0");
        return name;
    }

    /** The JDBC URL of a database on the same server (same host, port and parameters). */
    public String urlOf(String database) {
        int pathStart = serverUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = serverUrl.indexOf('?');
        String parameters = query < 0 ? "" : serverUrl.substring(query);
        return serverUrl.substring(0, pathStart + 1) + database + parameters;
    }

    /** Drops a database this class created; the sessions still connected to it are ended first. */
    public void drop(String database) {
        requireOwn(database);
        execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void requireOwn(String database) {
        if (!OWN_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("refusing to touch a database the tests did not make: " + database);
        }
    }

    private void execute(String sql) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "60");
        try (Connection c = DriverManager.getConnection(serverUrl, props);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + serverUrl + ": " + e.getMessage(), e);
        }
    }
}

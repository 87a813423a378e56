package com.nrsconnector.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Each table has one owning package, and only that package's SQL writes or reads it; other packages call the owner's
 * store methods (passing their Connection where the work shares a transaction). The SQL is found in the string
 * literals of the main sources, with literals joined by {@code +} read as one statement.
 */
class TableOwnershipTest {

    /** The one place ownership is decided; docs/architecture.md shows the same table. */
    static final Map<String, String> OWNERS = owners(
            "portal", "store",
            "action_request", "workflow",
            "action_request_by_portal", "workflow",
            "message", "messaging",
            "message_event", "messaging",
            "send_queue", "messaging",
            "provider_callback", "messaging",
            "dead_letter", "ops",
            "dead_letter_replay", "ops",
            "short_link", "composition",
            "opt_out", "unsubscribe",
            "opt_out_contact_update", "unsubscribe",
            "unsubscribe_page_settings", "unsubscribe",
            "oauth_state", "install",
            "form_link_use", "card",
            "hubspot_rate_slot", "hubspot",
            "journal_cursor", "hubspot");

    private static final Path SOURCES = Path.of("src/main/java/com/nrsconnector");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final Pattern WRITE =
            Pattern.compile("\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+([a-z_][a-z0-9_]*)\\b");
    private static final Pattern READ = Pattern.compile("(?<!DELETE )\\b(?:FROM|JOIN)\\s+([a-z_][a-z0-9_]*)\\b");
    // A statement whose table name is not written out (e.g. "UPDATE " + name) cannot be checked.
    private static final Pattern OPEN_TABLE = Pattern.compile("(?<!FOR )\\b(?:INTO|UPDATE|FROM|JOIN)\\s*$");

    @Test
    void everyTableOfTheSchemaHasOneOwnerAndNoOwnedTableIsMissing() throws IOException {
        Set<String> created = new TreeSet<>();
        Pattern create = Pattern.compile("(?i)\\bCREATE\\s+TABLE\\s+([a-z_][a-z0-9_]*)");
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher table = create.matcher(Files.readString(file));
                while (table.find()) {
                    created.add(table.group(1));
                }
            }
        }
        assertEquals(created, new TreeSet<>(OWNERS.keySet()), "tables of the migrations vs. tables with an owner");
    }

    @Test
    void tablesAreWrittenOnlyByTheirOwner() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> written = new TreeSet<>();
        for (Statement statement : statements()) {
            Matcher table = WRITE.matcher(statement.sql());
            while (table.find()) {
                written.add(table.group(1));
                check(statement, table.group(1), "writes", violations);
            }
        }
        assertEquals(List.of(), violations, "SQL writing a table outside its owning package");
        // The scan itself works: every table in use is written somewhere (action_request_by_portal only in V5).
        Set<String> inUse = new TreeSet<>(OWNERS.keySet());
        inUse.remove("action_request_by_portal");
        assertEquals(inUse, written, "tables the scan found written");
    }

    @Test
    void tablesAreReadOnlyByTheirOwner() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Statement statement : statements()) {
            Matcher table = READ.matcher(statement.sql());
            while (table.find()) {
                check(statement, table.group(1), "reads", violations);
            }
        }
        assertEquals(List.of(), violations, "SQL reading a table outside its owning package");
    }

    @Test
    void everyStatementNamesItsTable() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Statement statement : statements()) {
            if (statement.continued() && OPEN_TABLE.matcher(statement.sql()).find()) {
                violations.add(statement.where() + ": \"" + statement.sql() + "\" + ...");
            }
        }
        assertEquals(
                List.of(), violations, "SQL whose table name is built at run time, so its owner cannot be checked");
    }

    @Test
    void literalsJoinedByPlusAreOneStatementAndCommentsAreNotCode() {
        List<Statement> found = statements(
                "x",
                "// \"UPDATE a\"\n/* \"DELETE FROM b\" */ String s = \"UPDATE \"\n"
                        + "    + \"message SET x = '\\\"'\" + y; char q = '\"'; String t = \"FROM \" + table;");
        assertEquals(
                List.of("UPDATE message SET x = '\"'", "FROM "),
                found.stream().map(Statement::sql).toList());
        assertEquals(
                List.of(true, true), found.stream().map(Statement::continued).toList());
    }

    private static void check(Statement statement, String table, String verb, List<String> violations) {
        String owner = OWNERS.get(table);
        if (owner == null) {
            violations.add(statement.where() + " " + verb + " " + table + ", a table with no owner");
        } else if (!owner.equals(statement.pkg())) {
            violations.add(statement.where() + " " + verb + " " + table + " (owned by " + owner + ")");
        }
    }

    /** One string literal, or several joined by {@code +}; {@code continued} when code is concatenated after it. */
    record Statement(String pkg, String where, String sql, boolean continued) {}

    private static List<Statement> statements() throws IOException {
        List<Statement> statements = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String pkg = file.getParent().getFileName().toString();
                for (Statement s : statements(SOURCES.relativize(file).toString(), Files.readString(file))) {
                    statements.add(new Statement(pkg, s.where(), s.sql(), s.continued()));
                }
            }
        }
        return statements;
    }

    /** A small Java lexer: string literals (text blocks too), with comments and char literals skipped. */
    static List<Statement> statements(String where, String source) {
        List<Object> tokens = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                tokens.add(new StringBuilder(source.substring(i + 3, end)));
                i = end + 3;
            } else if (c == '"' || c == '\'') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < n && source.charAt(j) != c) {
                    if (source.charAt(j) == '\\' && j + 1 < n) {
                        j++;
                    }
                    text.append(source.charAt(j));
                    j++;
                }
                if (c == '"') {
                    tokens.add(text);
                }
                i = j + 1;
            } else {
                if (!Character.isWhitespace(c)) {
                    tokens.add(c);
                }
                i++;
            }
        }
        List<Statement> statements = new ArrayList<>();
        for (int t = 0; t < tokens.size(); t++) {
            if (!(tokens.get(t) instanceof StringBuilder literal)) {
                continue;
            }
            StringBuilder sql = new StringBuilder(literal);
            while (t + 2 < tokens.size()
                    && tokens.get(t + 1).equals('+')
                    && tokens.get(t + 2) instanceof StringBuilder next) {
                sql.append(next);
                t += 2;
            }
            boolean continued = t + 1 < tokens.size() && tokens.get(t + 1).equals('+');
            statements.add(new Statement(null, where, sql.toString(), continued));
        }
        return statements;
    }

    private static Map<String, String> owners(String... tableThenOwner) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (int i = 0; i < tableThenOwner.length; i += 2) {
            owners.put(tableThenOwner[i], tableThenOwner[i + 1]);
        }
        return owners;
    }
}

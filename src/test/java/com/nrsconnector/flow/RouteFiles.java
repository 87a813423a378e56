package com.nrsconnector.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Edits of the YAML route files the connector watches, as the tests make them while it runs. */
final class RouteFiles {

    private RouteFiles() {}

    /**
     * Replaces the file's content the way an editor that saves safely does: written aside under a name the watcher
     * ignores, then moved into place in one step. The watcher then sees one change, of the whole file; a write in place
     * is seen as a truncation and a write, each reloading the routes, the second one possibly during a later test.
     */
    static void replace(Path file, String content) throws IOException {
        Path aside = file.resolveSibling("." + file.getFileName() + ".edit");
        Files.writeString(aside, content, StandardCharsets.UTF_8);
        Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

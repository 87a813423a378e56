package com.nrsconnector.composition;

import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nrsconnector.config.ConnectorConfig;
import com.nrsconnector.config.Urls;
import com.nrsconnector.store.Db;

/**
 * Issues the connector's own short links, {public-base-url}/l/{code}: one unguessable code per message and link, reused
 * when the same message is composed again (a retried send keeps its links).
 */
@ApplicationScoped
public class ShortLinkIssuer {

    public static final String PATH = "/l/";

    private final ShortCodeGenerator codes = new ShortCodeGenerator();

    @Inject
    Db db;

    @Inject
    ConnectorConfig config;

    public Function<String, String> forMessage(long messageId) {
        return url -> Urls.join(config.publicBaseUrl(), PATH + codeFor(messageId, url));
    }

    private String codeFor(long messageId, String url) {
        Optional<String> existing = db.queryOne(
                "SELECT code FROM short_link WHERE message_id = ? AND url = ?",
                row -> row.getString(1),
                messageId,
                url);
        if (existing.isPresent()) {
            return existing.get();
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            String code = codes.next();
            int inserted = db.update(
                    "INSERT INTO short_link (code, message_id, url) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    code,
                    messageId,
                    url);
            if (inserted == 1) {
                return code;
            }
        }
        throw new IllegalStateException("could not issue a unique short code");
    }
}

-- Tracked short links: one unguessable code per message and link, so a click is counted for that recipient.
CREATE TABLE short_link (
    code             VARCHAR(32) PRIMARY KEY,
    message_id       BIGINT        NOT NULL REFERENCES message (id),
    url              TEXT          NOT NULL,
    clicks           INT           NOT NULL DEFAULT 0,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    first_clicked_at TIMESTAMP WITH TIME ZONE,
    last_clicked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX short_link_message_idx ON short_link (message_id);

-- The send forms opened from the contact-record card are reached through signed links that are good for one send.
-- A link's random nonce is recorded here in the same transaction as the message it sends, so a link is used once,
-- whichever connector instance receives it. Rows of links past their expiry can be removed: the signature check
-- refuses those links anyway.
CREATE TABLE form_link_use (
    nonce       VARCHAR(32)   PRIMARY KEY,
    form        VARCHAR(20)   NOT NULL,
    portal_id   BIGINT        NOT NULL,
    contact_id  VARCHAR(64)   NOT NULL,
    message_id  BIGINT        NOT NULL REFERENCES message (id),
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX form_link_use_expires_idx ON form_link_use (expires_at);

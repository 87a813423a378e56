-- Opt-outs from the unsubscribe page (package unsubscribe owns these tables).

-- One row per portal, channel and number that asked to receive nothing more. Every later send to that number on
-- that channel for that portal is refused (NOT_SENT, "unsubscribed") by the send pipeline's suppression step.
-- message_id is the message whose link was confirmed: its timeline gets the UNSUBSCRIBED event.
CREATE TABLE opt_out (
    portal_id        BIGINT        NOT NULL,
    channel          VARCHAR(10)   NOT NULL,
    phone            VARCHAR(32)   NOT NULL,
    contact_id       VARCHAR(64)   NOT NULL,
    message_id       BIGINT        NOT NULL REFERENCES message (id),
    opted_out_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT opt_out_pk PRIMARY KEY (portal_id, channel, phone)
);

-- The HubSpot outbox of opt-outs: the contact's opt-out property is set once per portal and contact, in batches
-- (contacts batch update), with the outbox's retry policy (connector.outbox.*).
CREATE TABLE opt_out_contact_update (
    portal_id                BIGINT        NOT NULL,
    contact_id               VARCHAR(64)   NOT NULL,
    contact_state            VARCHAR(20)   NOT NULL DEFAULT 'PENDING',
    contact_attempts         INT           NOT NULL DEFAULT 0,
    contact_next_attempt_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    contact_error            VARCHAR(2000),
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT opt_out_contact_update_pk PRIMARY KEY (portal_id, contact_id)
);
CREATE INDEX opt_out_contact_update_due_idx ON opt_out_contact_update (contact_state, contact_next_attempt_at);

-- What a portal's unsubscribe page shows: its own text and logo (https), or the default text in the recipient's
-- language when unset.
CREATE TABLE unsubscribe_page_settings (
    portal_id    BIGINT PRIMARY KEY,
    page_text    VARCHAR(1000),
    logo_url     VARCHAR(2000),
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

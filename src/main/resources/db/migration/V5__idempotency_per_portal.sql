-- HubSpot's callbackId identifies an execution within its portal: idempotency is keyed by portal and callbackId, so
-- one portal's ids can never shadow another's. The table is rebuilt because the two databases name (and drop)
-- primary keys differently.
CREATE TABLE action_request_by_portal (
    portal_id          BIGINT        NOT NULL,
    callback_id        VARCHAR(255)  NOT NULL,
    action_type        VARCHAR(40)   NOT NULL,
    object_type        VARCHAR(40)   NOT NULL,
    object_id          VARCHAR(64)   NOT NULL,
    payload            TEXT          NOT NULL,
    response_status    INT           NOT NULL,
    response_body      TEXT          NOT NULL,
    completion_state   VARCHAR(20)   NOT NULL DEFAULT 'WAITING',
    completion_outputs TEXT,
    completion_attempts INT          NOT NULL DEFAULT 0,
    completion_next_attempt_at TIMESTAMP WITH TIME ZONE,
    received_at        TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    completed_at       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (portal_id, callback_id)
);
INSERT INTO action_request_by_portal (portal_id, callback_id, action_type, object_type, object_id, payload,
        response_status, response_body, completion_state, completion_outputs, completion_attempts,
        completion_next_attempt_at, received_at, completed_at)
    SELECT portal_id, callback_id, action_type, object_type, object_id, payload, response_status, response_body,
        completion_state, completion_outputs, completion_attempts, completion_next_attempt_at, received_at, completed_at
    FROM action_request;
DROP TABLE action_request;
ALTER TABLE action_request_by_portal RENAME TO action_request;
CREATE INDEX action_request_completion_idx ON action_request (completion_state, completion_next_attempt_at);

ALTER TABLE message DROP CONSTRAINT message_callback_contact_uq;
ALTER TABLE message ADD CONSTRAINT message_callback_contact_uq UNIQUE (portal_id, callback_id, contact_id);

-- One row per OAuth install started (GET /oauth/install): the nonce of its signed state. The callback deletes the
-- row when it uses the state, so a state works once and only before it expires. A portal's status is INSTALLED
-- between the install and the linking of its 360nrs account (then CONNECTED; DISCONNECTED after disconnection).
CREATE TABLE oauth_state (
    nonce       VARCHAR(64) PRIMARY KEY,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX oauth_state_expires_idx ON oauth_state (expires_at);

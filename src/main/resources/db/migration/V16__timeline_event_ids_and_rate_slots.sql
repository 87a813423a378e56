-- The id a message event carries to HubSpot's timeline: drawn at random (a UUID) when the event is recorded, or at
-- the latest when it is first claimed, and kept across retries, so that ids are unique across databases and
-- installations (an id made of the local sequence was reused by a fresh database, and HubSpot refused or merged the
-- new events). Existing rows keep the id they were, or may already have been, written with.
ALTER TABLE message_event ADD COLUMN event_uid VARCHAR(64);
UPDATE message_event SET event_uid = 'nrs-' || CAST(message_id AS VARCHAR(20)) || '-' || event_type;
CREATE UNIQUE INDEX message_event_uid_uq ON message_event (event_uid);

-- HubSpot's per-portal rate limit, shared by every instance on this database: one row per request slot of a portal
-- (as many as the configured limit). A request claims a free slot with one conditional update and holds it while in
-- flight and for the limit's period after its answer; held_until is in milliseconds of the database's clock.
CREATE TABLE hubspot_rate_slot (
    portal_id   BIGINT      NOT NULL,
    slot        INT         NOT NULL,
    held_until  BIGINT      NOT NULL DEFAULT 0,
    holder      VARCHAR(64),
    PRIMARY KEY (portal_id, slot)
);

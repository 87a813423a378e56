-- How far the connector has read HubSpot's webhooks journal: the offset of the last entry whose events took effect
-- (null before the first read), and which instance reads the next page until when (a claim taken and given back
-- with compare-and-set, so two instances never read the same page). Package hubspot owns this table.
CREATE TABLE journal_cursor (
    name VARCHAR(40) PRIMARY KEY,
    last_offset VARCHAR(64),
    claimed_by VARCHAR(64),
    claimed_until TIMESTAMP WITH TIME ZONE
);
INSERT INTO journal_cursor (name) VALUES ('app-lifecycle');

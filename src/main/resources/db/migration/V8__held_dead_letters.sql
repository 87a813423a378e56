-- A send whose attempts ran out is dead-lettered and held (still PENDING) until an operator replays it or the hold
-- ends, so the timeline never shows NOT_SENT followed by SENT.
ALTER TABLE send_queue ADD COLUMN held BOOLEAN NOT NULL DEFAULT FALSE;

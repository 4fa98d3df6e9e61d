-- Who has which case open on which desk window, and what they are doing there (issue 21). Not a
-- record of anything: a row lasts until its desk stops renewing it (shared/sync/presence.ts), and
-- nothing here reaches the audit log.
CREATE TABLE presence (
  user_id text NOT NULL REFERENCES users (id),
  desk_id text NOT NULL,
  dispute_id text NOT NULL,
  activity text NOT NULL CHECK (activity IN ('viewing', 'action', 'ruling')),
  since text NOT NULL,
  seen_at text NOT NULL,
  PRIMARY KEY (user_id, desk_id)
);
CREATE INDEX presence_by_seen ON presence (seen_at);

-- The team's settings (issue 22): one row. How many days desks keep a dispute after it closed;
-- the service keeps the record whatever it says.
CREATE TABLE team_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  retention_days integer NOT NULL DEFAULT 90 CHECK (retention_days BETWEEN 1 AND 3650),
  updated_at text,
  updated_by text REFERENCES users (id)
);
INSERT INTO team_settings (id) VALUES (true);

-- A disabled account signs in no more and its sessions are refused; its past work stays its own.
ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false;

-- Sign-in attempts by username (lowercased) and by client address in the current window, and a
-- lock once there were too many. Unknown usernames are counted like known ones, so the answers do
-- not tell them apart. Rows whose window and lock have passed are deleted as others are written.
CREATE TABLE sign_in_throttle (
  scope text NOT NULL CHECK (scope IN ('username', 'address')),
  key text NOT NULL,
  window_start text NOT NULL,
  attempts integer NOT NULL,
  locked_until text,
  PRIMARY KEY (scope, key)
);

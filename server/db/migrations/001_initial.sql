-- The change counter: bumped once per changed row, in the writer's transaction. Its row lock
-- serialises writers, so versions become visible in order and a pull by cookie misses nothing.
CREATE TABLE server_state (
  id integer PRIMARY KEY CHECK (id = 1),
  change_counter bigint NOT NULL
);
INSERT INTO server_state (id, change_counter) VALUES (1, 0);

CREATE TABLE users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('case_manager', 'reviewer', 'team_lead')),
  password_hash text NOT NULL
);

-- Only a hash of each bearer token is kept: a copy of the table does not let anyone log in.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  expires_at text NOT NULL
);

CREATE TABLE disputes (
  id text PRIMARY KEY,
  version bigint NOT NULL,
  state text NOT NULL,
  assignee text,
  doc jsonb NOT NULL
);
CREATE INDEX disputes_by_version ON disputes (version);

CREATE TABLE deleted_disputes (
  id text PRIMARY KEY,
  version bigint NOT NULL
);
CREATE INDEX deleted_disputes_by_version ON deleted_disputes (version);

-- One row per app installation: its user and the last mutation applied, for exactly-once push.
CREATE TABLE clients (
  client_id text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  last_mutation_id bigint NOT NULL DEFAULT 0
);

CREATE TABLE mutation_outcomes (
  client_id text NOT NULL REFERENCES clients (client_id),
  mutation_id bigint NOT NULL,
  outcome jsonb NOT NULL,
  PRIMARY KEY (client_id, mutation_id)
);

-- Append-only. Each entry carries the previous entry's hash and its own, so any edit, removal
-- or reordering breaks the chain.
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  dispute_id text,
  payload jsonb NOT NULL,
  prev_hash text,
  hash text NOT NULL
);

CREATE TABLE blobs (
  sha256 text PRIMARY KEY,
  size bigint NOT NULL,
  media_type text NOT NULL,
  data bytea NOT NULL
);

-- Evidence bytes live in the evidence store (a folder or S3, decision 0020); `blobs` keeps what
-- describes them. `data` stays only until the start-up move-out has copied a row's bytes into the
-- store and checked them; a row is visible to desks once `storage_key` names its object.
ALTER TABLE blobs ALTER COLUMN data DROP NOT NULL;
ALTER TABLE blobs ADD COLUMN uploader text;
ALTER TABLE blobs ADD COLUMN created_at text;
ALTER TABLE blobs ADD COLUMN storage_key text;
-- Set by `npm run server -- archive`: when the object left the working store, and where it went.
ALTER TABLE blobs ADD COLUMN archived_at text;
ALTER TABLE blobs ADD COLUMN archive_location text;
CREATE INDEX blobs_to_move_out ON blobs (sha256) WHERE storage_key IS NULL;

-- Open uploads: who began each, what it will be, and the store's own id for it, so an upload
-- survives a restart of the service and resumes from the parts already received.
CREATE TABLE uploads (
  id text PRIMARY KEY,
  owner text NOT NULL REFERENCES users (id),
  sha256 text NOT NULL,
  size bigint NOT NULL,
  media_type text NOT NULL,
  part_bytes bigint NOT NULL,
  store_upload_id text NOT NULL,
  created_at text NOT NULL
);
CREATE INDEX uploads_by_owner_digest ON uploads (owner, sha256);

-- Parts received and checked against the digest the desk sent with each.
CREATE TABLE upload_parts (
  upload_id text NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
  part integer NOT NULL,
  size bigint NOT NULL,
  sha256 text NOT NULL,
  etag text NOT NULL,
  PRIMARY KEY (upload_id, part)
);

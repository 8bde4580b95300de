-- Revocation that verifiers see (issue 20): PostgreSQL's spelling of Sqlite/0006_status_list.sql. Each credential
-- issued from now on has a stable place in the hub's BitstringStatusList; the bit is the credential's revoked_at.
-- The identity hands out indexes without two nodes' writers ever taking the same one.
CREATE TABLE status_list_entries (
    status_index bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    credential_id text NOT NULL UNIQUE
);

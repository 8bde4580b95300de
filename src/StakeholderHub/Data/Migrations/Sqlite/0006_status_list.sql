-- Revocation that verifiers see (issue 20): each credential issued from now on has a place in the hub's
-- BitstringStatusList, whose bit says whether it is revoked. The index is stable for the credential's life: it is
-- signed into the credential (credentialStatus.statusListIndex). The bit itself is not stored: it is the
-- credential's revoked_at, read when the list is served.
--
-- INTEGER PRIMARY KEY makes status_index the rowid, so SQLite hands out the next one on insert; the row is written
-- before the credential (which needs its index to be signed), so credential_id refers to no row yet then.
CREATE TABLE status_list_entries (
    status_index INTEGER PRIMARY KEY,
    credential_id TEXT NOT NULL UNIQUE
);

-- Several nodes on one database (issue 7). A SQLite store has one node, whose broadcaster keeps its connections in
-- memory; these tables mirror Postgres/0005 (the two folders mirror each other file by file) and stay empty here.

CREATE TABLE connections (
    connection_id TEXT PRIMARY KEY,
    node_id TEXT NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id),
    person_id INTEGER NOT NULL REFERENCES people (id),
    role TEXT NOT NULL,
    seen_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX connections_by_person ON connections (event_id, person_id);
CREATE INDEX connections_by_node ON connections (node_id);

CREATE TABLE broadcasts (
    event_id INTEGER PRIMARY KEY REFERENCES events (id),
    sent_to INTEGER NOT NULL
);

-- Several nodes on one database (issue 7): PostgreSQL's spelling of Sqlite/0005.

-- Every node's hub connections, so that the node that broadcasts an event knows the connections of a person on
-- every node: a batch with entries for that person goes to their connections, and the group send leaves them out.
-- A node keeps seen_at fresh for its own rows; rows of a node not seen for a while (it died) are removed.
CREATE TABLE connections (
    connection_id text PRIMARY KEY,
    node_id text NOT NULL,
    event_id bigint NOT NULL REFERENCES events (id),
    person_id bigint NOT NULL REFERENCES people (id),
    role text NOT NULL,
    seen_at bigint NOT NULL
);

CREATE INDEX connections_by_person ON connections (event_id, person_id);
CREATE INDEX connections_by_node ON connections (node_id);

-- The last version the event's broadcasting node has handed to SignalR: a node that takes over the event (its
-- broadcaster died) goes on from there, so nothing committed in between goes unsent.
CREATE TABLE broadcasts (
    event_id bigint PRIMARY KEY REFERENCES events (id),
    sent_to bigint NOT NULL
);

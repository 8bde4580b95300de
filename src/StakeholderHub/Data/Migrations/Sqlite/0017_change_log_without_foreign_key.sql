-- PostgreSQL's change log loses its foreign key to events here (a look-up for every row). SQLite's is not enforced
-- (the hub does not turn on foreign_keys), so it costs nothing, and removing it would mean copying the whole table.
SELECT 1;

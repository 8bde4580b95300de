-- The change log is written many rows a change by the one writer, which already holds the event's row: the foreign
-- key to events cost PostgreSQL a look-up (and a key-share lock) for every row. An event's entries go with it when it
-- is deleted (Organisers/EventDeletion.cs deletes them by name), so the key guarded nothing else.
ALTER TABLE changes DROP CONSTRAINT IF EXISTS changes_event_id_fkey;

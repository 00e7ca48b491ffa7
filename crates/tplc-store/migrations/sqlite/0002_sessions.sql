-- Browser sessions (shared by every server instance on the database) and the server
-- administrator flag. Keep in step with migrations/postgres/0002_sessions.sql.
-- A session row holds only the SHA-256 of the session id (lower-case hex), never the id.

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    id_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

-- May create organizations (the first administrator, created at first start or by `tplc admin create`).
ALTER TABLE users ADD COLUMN server_admin BOOLEAN NOT NULL DEFAULT FALSE;

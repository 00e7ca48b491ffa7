-- tplc system of record, SQLite flavour. Keep in step with migrations/postgres/0001_initial.sql:
-- the same tables, columns, constraints and indexes; only the types differ
-- (INTEGER PRIMARY KEY AUTOINCREMENT / BLOB / REAL here, BIGINT identity / BYTEA / DOUBLE PRECISION there).
-- Times are RFC 3339 UTC text with microseconds (fixed width, so text order is time order).

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('manufacturer', 'healthcare_provider')),
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    created_at TEXT NOT NULL,
    UNIQUE (organization_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_organization ON api_tokens (organization_id);

CREATE TABLE products (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    generic_name TEXT,
    device_class TEXT,
    approval_number TEXT,
    security_contact TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (organization_id, name)
);

CREATE TABLE product_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    version TEXT NOT NULL,
    release_date TEXT,
    eol_date TEXT,
    eos_date TEXT,
    lifecycle_phase TEXT NOT NULL
        CHECK (lifecycle_phase IN ('development', 'support', 'limited_support', 'end_of_support')),
    created_at TEXT NOT NULL,
    UNIQUE (product_id, version),
    CHECK (eol_date IS NULL OR eos_date IS NULL OR eol_date < eos_date)
);

CREATE TABLE sbom_documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_version_id INTEGER NOT NULL REFERENCES product_versions (id) ON DELETE CASCADE,
    format TEXT NOT NULL,
    spec_version TEXT,
    compression TEXT NOT NULL CHECK (compression IN ('gzip')),
    content BLOB NOT NULL,
    original_size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    author TEXT,
    document_timestamp TEXT,
    uploaded_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'ready', 'failed')),
    error TEXT
);
CREATE INDEX sbom_documents_version ON sbom_documents (product_version_id);

CREATE TABLE components (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sbom_document_id INTEGER NOT NULL REFERENCES sbom_documents (id) ON DELETE CASCADE,
    bom_ref TEXT,
    name TEXT NOT NULL,
    version TEXT,
    purl TEXT,
    cpe TEXT,
    supplier TEXT,
    identity TEXT NOT NULL,
    scope_excluded BOOLEAN NOT NULL,
    UNIQUE (sbom_document_id, bom_ref)
);
CREATE INDEX components_identity ON components (identity);

CREATE TABLE advisories (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    advisory_id TEXT NOT NULL,
    source TEXT NOT NULL,
    summary TEXT,
    severity TEXT,
    modified TEXT,
    json TEXT NOT NULL,
    UNIQUE (advisory_id, source)
);

CREATE TABLE findings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    component_id INTEGER NOT NULL REFERENCES components (id) ON DELETE CASCADE,
    advisory_id INTEGER NOT NULL REFERENCES advisories (id) ON DELETE CASCADE,
    vulnerability_key TEXT NOT NULL,
    severity TEXT NOT NULL
        CHECK (severity IN ('critical', 'high', 'medium', 'low', 'none', 'unknown')),
    cvss_vector TEXT,
    cvss_score REAL,
    kev BOOLEAN NOT NULL,
    epss REAL,
    fixed_versions TEXT NOT NULL,
    reasons TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    UNIQUE (component_id, advisory_id)
);
CREATE INDEX findings_advisory ON findings (advisory_id);
CREATE INDEX findings_vulnerability ON findings (vulnerability_key);

CREATE TABLE analyses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    vulnerability_id TEXT NOT NULL,
    component_identity TEXT NOT NULL,
    product_version_id INTEGER NOT NULL REFERENCES product_versions (id) ON DELETE CASCADE,
    finding_id INTEGER REFERENCES findings (id) ON DELETE SET NULL,
    state TEXT NOT NULL CHECK (state IN ('in_triage', 'exploitable', 'resolved',
        'resolved_with_pedigree', 'false_positive', 'not_affected')),
    justification TEXT,
    response TEXT NOT NULL,
    detail TEXT,
    cvss_environmental TEXT,
    author TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX analyses_key
    ON analyses (organization_id, product_id, vulnerability_id, component_identity, product_version_id);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE CASCADE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER,
    worker TEXT,
    heartbeat_at TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX jobs_state ON jobs (state, id);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER,
    actor TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    before_summary TEXT,
    after_summary TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_events_organization ON audit_events (organization_id, id);

-- The head of the audit chain: one row, locked by every append.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last_event_id INTEGER,
    last_hash TEXT NOT NULL,
    event_count INTEGER NOT NULL
);
INSERT INTO audit_head (id, last_event_id, last_hash, event_count)
VALUES (1, NULL, '0000000000000000000000000000000000000000000000000000000000000000', 0);

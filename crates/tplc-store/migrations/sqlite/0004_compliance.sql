-- Regulatory evidence and lifecycle (issue 5): evidence links with copy-on-write inheritance
-- between versions, Annex F records, product scope and environment, configuration diagrams,
-- lifecycle fields and disclosure records, MDS2 documents.
-- Keep in step with migrations/postgres/0004_compliance.sql: the same tables, columns,
-- constraints and indexes; only the types differ (INTEGER / BLOB here, BIGINT / BYTEA there).
-- JSON is TEXT, times are RFC 3339 UTC text, dates are YYYY-MM-DD text, actors are the names the
-- audit log uses (`user:alice`, `token:ci`).

-- Lifecycle (R10, QA2 Q10): the plan for the limited-support period between EOL and EOS, and the
-- legacy flag (a device that cannot reasonably be protected against current threats), which needs a reason.
ALTER TABLE product_versions ADD COLUMN limited_support_plan TEXT NOT NULL DEFAULT '';
ALTER TABLE product_versions ADD COLUMN legacy BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE product_versions ADD COLUMN legacy_reason TEXT NOT NULL DEFAULT ''
    CHECK (NOT legacy OR trim(legacy_reason) <> '');

-- That a version has its OWN evidence set for an item (possibly empty). A version without one
-- uses the set of the nearest earlier version (by id) of the same product that has one.
CREATE TABLE evidence_sets (
    product_version_id INTEGER NOT NULL REFERENCES product_versions (id) ON DELETE CASCADE,
    catalog_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    PRIMARY KEY (product_version_id, catalog_id, item_id)
);

-- One piece of evidence for a catalog item on a version; always part of that version's own set.
CREATE TABLE evidence_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    product_version_id INTEGER NOT NULL REFERENCES product_versions (id) ON DELETE CASCADE,
    catalog_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL
        CHECK (kind IN ('document', 'sbom', 'vulnerability_procedure', 'advisory_history')),
    document_number TEXT NOT NULL,
    title TEXT NOT NULL,
    document_version TEXT NOT NULL,
    location TEXT NOT NULL,
    owner TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planned', 'drafted', 'approved')),
    note TEXT NOT NULL,
    -- The earlier version's link this one was copied from when the set was copied on write.
    copied_from INTEGER REFERENCES evidence_links (id) ON DELETE SET NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    FOREIGN KEY (product_version_id, catalog_id, item_id)
        REFERENCES evidence_sets (product_version_id, catalog_id, item_id) ON DELETE CASCADE
);
CREATE INDEX evidence_links_set ON evidence_links (product_version_id, catalog_id, item_id, id);
CREATE INDEX evidence_links_copied_from ON evidence_links (copied_from);

-- The Annex F (transition health software) record of a version: JSON as the domain writes it.
CREATE TABLE annex_f_records (
    product_version_id INTEGER PRIMARY KEY REFERENCES product_versions (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    record TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Scope decision and intended use environment of a product (R1, R2): JSON as the domain writes it.
CREATE TABLE product_scope (
    product_id INTEGER PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    decision TEXT NOT NULL,
    environment TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- System and network configuration diagrams of a product (any format), gzip-compressed.
CREATE TABLE product_diagrams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    caption TEXT NOT NULL,
    compression TEXT NOT NULL CHECK (compression IN ('gzip')),
    content BLOB NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX product_diagrams_product ON product_diagrams (product_id, id);

-- When and to whom the limited-support plan of a version was shown (QA2 Q10).
CREATE TABLE lifecycle_disclosures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    product_version_id INTEGER NOT NULL REFERENCES product_versions (id) ON DELETE CASCADE,
    customer TEXT NOT NULL,
    customer_organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL,
    shown_at TEXT NOT NULL,
    method TEXT NOT NULL,
    note TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX lifecycle_disclosures_version ON lifecycle_disclosures (product_version_id, id);

-- The MDS2 answers of a version: JSON as the MDS2 crate writes it.
CREATE TABLE mds2_documents (
    product_version_id INTEGER PRIMARY KEY REFERENCES product_versions (id) ON DELETE CASCADE,
    form_id TEXT NOT NULL,
    document TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

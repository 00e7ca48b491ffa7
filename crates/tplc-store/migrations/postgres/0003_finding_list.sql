-- The findings list (Store::finding_page). Keep in step with the other backend's 0003_finding_list.sql.
-- The current-analysis subqueries look up the newest row of a key on a version
-- (ORDER BY id DESC LIMIT 1): with the key's columns and then the id in one index, that is one
-- index probe read backwards, no sort.
CREATE INDEX analyses_key_newest
    ON analyses (organization_id, product_id, vulnerability_id, component_identity, product_version_id, id);
-- It serves every lookup the key index of 0001 served (that index is its prefix).
DROP INDEX analyses_key;

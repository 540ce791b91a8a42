-- Statements of the PostgreSQL sink, one per "-- name:" block; `%s` parameters only.

-- name: schema_version_table
CREATE TABLE IF NOT EXISTS schema_version (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- name: migration_lock
-- One migrator at a time (released at commit); the key is "medlink" in ASCII.
SELECT pg_advisory_xact_lock(120183048382571);

-- name: applied_versions
SELECT version FROM schema_version ORDER BY version;

-- name: record_migration
INSERT INTO schema_version (version, name) VALUES (%s, %s);

-- name: lock_documents
-- Transaction-scoped advisory locks on the batch's document ids, taken in the
-- sorted order of the keys the caller passes, so two loaders never deadlock and a
-- reload of the same document waits for the other loader's commit.
SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) WITH ORDINALITY AS t (k, n) ORDER BY n;

-- name: existing_documents
SELECT doc_id, record_sha256 FROM documents WHERE doc_id = ANY (%s);

-- name: delete_mentions
DELETE FROM mentions WHERE doc_id = ANY (%s);

-- name: delete_sentences
DELETE FROM sentences WHERE doc_id = ANY (%s);

-- name: delete_sections
DELETE FROM sections WHERE doc_id = ANY (%s);

-- name: delete_document_concepts
DELETE FROM document_concepts WHERE doc_id = ANY (%s);

-- name: delete_documents
DELETE FROM documents WHERE doc_id = ANY (%s);

-- name: staging_tables
-- Per-session staging tables for COPY of the shared rows (emptied at commit).
CREATE TEMPORARY TABLE IF NOT EXISTS stage_concepts
    (curie text, vocabulary text, name text, type text) ON COMMIT DELETE ROWS;
CREATE TEMPORARY TABLE IF NOT EXISTS stage_concept_xrefs
    (concept text, xref text) ON COMMIT DELETE ROWS;

-- name: upsert_concepts
INSERT INTO concepts (curie, vocabulary, name, type)
SELECT curie, vocabulary, name, type FROM stage_concepts ORDER BY curie
ON CONFLICT (curie) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type
WHERE (concepts.name, concepts.type) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.type);

-- name: upsert_concept_xrefs
INSERT INTO concept_xrefs (concept, xref)
SELECT concept, xref FROM stage_concept_xrefs ORDER BY concept, xref
ON CONFLICT DO NOTHING;

-- Statements of the SQLite sink, one per "-- name:" block; `?` parameters only.

-- name: schema_version_table
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- name: applied_versions
SELECT version FROM schema_version ORDER BY version;

-- name: record_migration
INSERT INTO schema_version (version, name) VALUES (?, ?);

-- name: existing_documents
-- The parameter is a JSON array of document ids.
SELECT doc_id, record_sha256 FROM documents WHERE doc_id IN (SELECT value FROM json_each(?));

-- name: delete_mentions
DELETE FROM mentions WHERE doc_id = ?;

-- name: delete_sentences
DELETE FROM sentences WHERE doc_id = ?;

-- name: delete_sections
DELETE FROM sections WHERE doc_id = ?;

-- name: delete_document_concepts
DELETE FROM document_concepts WHERE doc_id = ?;

-- name: delete_documents
DELETE FROM documents WHERE doc_id = ?;

-- name: upsert_concepts
INSERT INTO concepts (curie, vocabulary, name, type) VALUES (?, ?, ?, ?)
ON CONFLICT (curie) DO UPDATE SET name = excluded.name, type = excluded.type
WHERE concepts.name IS NOT excluded.name OR concepts.type IS NOT excluded.type;

-- name: upsert_concept_xrefs
INSERT INTO concept_xrefs (concept, xref) VALUES (?, ?) ON CONFLICT DO NOTHING;

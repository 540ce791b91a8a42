-- medlink schema 1 (SQLite): documents and their sections, sentences, mentions;
-- concepts (CURIEs) shared by all documents; document-concept links with counts.
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    text_length INTEGER NOT NULL CHECK (text_length >= 0),
    pipeline_version TEXT,
    config_sha256 TEXT,
    lexicon_version TEXT,
    record_sha256 TEXT NOT NULL,
    entity_count INTEGER NOT NULL,
    record TEXT NOT NULL CHECK (json_valid(record)),
    loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE IF NOT EXISTS sections (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    name TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL CHECK (end_offset >= start_offset),
    header_end INTEGER,
    language TEXT NOT NULL,
    language_score REAL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL CHECK (end_offset >= start_offset),
    section_idx INTEGER NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS concepts (
    curie TEXT PRIMARY KEY,
    vocabulary TEXT NOT NULL,
    name TEXT,
    type TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS concept_xrefs (
    concept TEXT NOT NULL REFERENCES concepts (curie),
    xref TEXT NOT NULL,
    PRIMARY KEY (concept, xref)
);
CREATE INDEX IF NOT EXISTS concept_xrefs_xref ON concept_xrefs (xref);

CREATE TABLE IF NOT EXISTS mentions (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL CHECK (end_offset > start_offset),
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    concept TEXT REFERENCES concepts (curie),
    name TEXT,
    match TEXT,
    sentence_idx INTEGER,
    section_idx INTEGER,
    language TEXT,
    ids TEXT NOT NULL,
    long_form TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX IF NOT EXISTS mentions_concept ON mentions (concept);

CREATE TABLE IF NOT EXISTS document_concepts (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    concept TEXT NOT NULL REFERENCES concepts (curie),
    type TEXT NOT NULL,
    mentions INTEGER NOT NULL CHECK (mentions > 0),
    PRIMARY KEY (doc_id, concept)
);
-- "documents mentioning X" and the first step of co-occurrence.
CREATE INDEX IF NOT EXISTS document_concepts_concept ON document_concepts (concept, doc_id);
-- co-occurrence: the other concepts of a document, by type.
CREATE INDEX IF NOT EXISTS document_concepts_doc_type ON document_concepts (doc_id, type, concept, mentions);

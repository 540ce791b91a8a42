-- medlink schema 1 (PostgreSQL): documents and their sections, sentences, mentions;
-- concepts (CURIEs) shared by all documents; document-concept links with counts.
CREATE TABLE IF NOT EXISTS documents (
    doc_id text PRIMARY KEY,
    source text NOT NULL,
    text_sha256 text NOT NULL,
    text_length integer NOT NULL CHECK (text_length >= 0),
    pipeline_version text,
    config_sha256 text,
    lexicon_version text,
    record_sha256 text NOT NULL,
    entity_count integer NOT NULL,
    record jsonb NOT NULL,
    loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS sections (
    doc_id text NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    idx integer NOT NULL,
    name text NOT NULL,
    start_offset integer NOT NULL,
    end_offset integer NOT NULL CHECK (end_offset >= start_offset),
    header_end integer,
    language text NOT NULL,
    language_score double precision,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id text NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    idx integer NOT NULL,
    start_offset integer NOT NULL,
    end_offset integer NOT NULL CHECK (end_offset >= start_offset),
    section_idx integer NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS concepts (
    curie text PRIMARY KEY,
    vocabulary text NOT NULL,
    name text,
    type text NOT NULL
);

CREATE TABLE IF NOT EXISTS concept_xrefs (
    concept text NOT NULL REFERENCES concepts (curie),
    xref text NOT NULL,
    PRIMARY KEY (concept, xref)
);
CREATE INDEX IF NOT EXISTS concept_xrefs_xref ON concept_xrefs (xref);

CREATE TABLE IF NOT EXISTS mentions (
    doc_id text NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    idx integer NOT NULL,
    start_offset integer NOT NULL,
    end_offset integer NOT NULL CHECK (end_offset > start_offset),
    text text NOT NULL,
    type text NOT NULL,
    concept text REFERENCES concepts (curie),
    name text,
    match text,
    sentence_idx integer,
    section_idx integer,
    language text,
    ids jsonb NOT NULL,
    long_form text,
    PRIMARY KEY (doc_id, idx)
);
CREATE INDEX IF NOT EXISTS mentions_concept ON mentions (concept);

CREATE TABLE IF NOT EXISTS document_concepts (
    doc_id text NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE,
    concept text NOT NULL REFERENCES concepts (curie),
    type text NOT NULL,
    mentions integer NOT NULL CHECK (mentions > 0),
    PRIMARY KEY (doc_id, concept)
);
-- "documents mentioning X" and the first step of co-occurrence.
CREATE INDEX IF NOT EXISTS document_concepts_concept ON document_concepts (concept, doc_id);
-- co-occurrence: the other concepts of a document, by type.
CREATE INDEX IF NOT EXISTS document_concepts_doc_type ON document_concepts (doc_id, type) INCLUDE (concept, mentions);

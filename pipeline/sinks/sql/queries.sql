-- Read-only questions behind `medlink query`, portable between SQLite and
-- PostgreSQL; `:name` parameters (rewritten to `%(name)s` for psycopg).
-- A CURIE given by the user matches a primary concept or any of its cross-references
-- (MONDO:0009693 finds the documents whose concept is MESH:D009101).

-- name: documents
WITH target (concept) AS (
    SELECT curie FROM concepts WHERE curie = :concept
    UNION
    SELECT concept FROM concept_xrefs WHERE xref = :concept
)
SELECT d.doc_id, d.source, dc.concept, dc.mentions
FROM document_concepts AS dc
JOIN documents AS d ON d.doc_id = dc.doc_id
WHERE dc.concept IN (SELECT concept FROM target)
ORDER BY dc.mentions DESC, d.doc_id
LIMIT :limit;

-- name: cooccur
WITH target (concept) AS (
    SELECT curie FROM concepts WHERE curie = :disease
    UNION
    SELECT concept FROM concept_xrefs WHERE xref = :disease
),
docs AS (
    SELECT DISTINCT doc_id FROM document_concepts
    WHERE concept IN (SELECT concept FROM target)
)
SELECT o.concept, c.name, COUNT(*) AS documents, SUM(o.mentions) AS mentions
FROM docs
JOIN document_concepts AS o ON o.doc_id = docs.doc_id
JOIN concepts AS c ON c.curie = o.concept
WHERE o.type = :type AND o.concept NOT IN (SELECT concept FROM target)
GROUP BY o.concept, c.name
ORDER BY documents DESC, mentions DESC, o.concept
LIMIT :limit;

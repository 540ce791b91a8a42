"""Small records for the sink tests, made by running the real pipeline on texts
written for these tests (three mention multiple myeloma, two of them with
bortezomib and dexamethasone)."""

import json
from pathlib import Path

TEXTS = {
    "mm-1": "Multiple myeloma was treated with bortezomib and dexamethasone. "
    "Bortezomib caused peripheral neuropathy in two patients.",
    "mm-2": "A patient with multiple myeloma received bortezomib, thalidomide and "
    "dexamethasone; hypercalcemia resolved after zoledronic acid.",
    "mm-3": "Renal failure in multiple myeloma (MM) is common. MM patients given "
    "cisplatin need careful monitoring of creatinine.",
    "nephro-1": "Cisplatin nephrotoxicity was reduced by magnesium in rats.",
    "hep-1": "Acetaminophen overdose is the main cause of acute liver failure in "
    "humans; N-acetylcysteine is the antidote.",
    "plain-1": "The committee met on Tuesday to discuss the budget for next year.",
}


def make_records(process) -> list[dict]:
    return [process(text, doc_id)._.record for doc_id, text in TEXTS.items()]


def write_jsonl(path: Path, records: list) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))
            fh.write("\n")
    return path


def expected_cooccur(records: list[dict], disease: str, type_: str) -> list[tuple]:
    """(concept, documents, mentions) computed straight from the records."""
    counts: dict[str, list[int]] = {}
    for r in records:
        if any(c["concept"] == disease for c in r["concepts"]):
            for c in r["concepts"]:
                if c["type"] == type_ and c["concept"] != disease:
                    n = counts.setdefault(c["concept"], [0, 0])
                    n[0] += 1
                    n[1] += c["mentions"]
    return sorted(((k, d, m) for k, (d, m) in counts.items()), key=lambda t: (-t[1], -t[2], t[0]))


def variant(record: dict) -> dict:
    """The same document as re-processed differently: last entity dropped, counts redone."""
    r = json.loads(json.dumps(record))
    dropped = r["entities"].pop()
    for c in r["concepts"]:
        if c["concept"] == dropped.get("concept"):
            c["mentions"] -= 1
    r["concepts"] = [c for c in r["concepts"] if c["mentions"] > 0]
    return r


def check_queries(sink, records: list[dict]) -> None:
    """The sink's answers equal those computed from the records themselves."""
    mm = [r["id"] for r in records if any(c["concept"] == "MESH:D009101" for c in r["concepts"])]
    for curie in ("MESH:D009101", "MONDO:0009693"):  # primary id and cross-reference
        cols, rows = sink.query("documents", {"concept": curie, "limit": 100})
        assert cols == ["doc_id", "source", "concept", "mentions"]
        assert sorted(r[0] for r in rows) == sorted(mm)
        assert [r[3] for r in rows] == sorted((r[3] for r in rows), reverse=True)
    cols, rows = sink.query(
        "cooccur", {"disease": "MESH:D009101", "type": "Chemical", "limit": 100}
    )
    assert cols == ["concept", "name", "documents", "mentions"]
    want = expected_cooccur(records, "MESH:D009101", "Chemical")
    assert [(c, d, m) for c, _, d, m in rows] == want
    assert rows[0][:3] == ("MESH:D000069286", "Bortezomib", 2)
    _, rows = sink.query("cooccur", {"disease": "MESH:D009101", "type": "Chemical", "limit": 2})
    assert len(rows) == 2
    assert sink.query("documents", {"concept": "MESH:D999999", "limit": 10})[1] == []


def expected_counts(records: list[dict]) -> dict[str, int]:
    return {
        "documents": len(records),
        "sections": sum(len(r["sections"]) for r in records),
        "sentences": sum(len(r["sentences"]) for r in records),
        "mentions": sum(len(r["entities"]) for r in records),
        "document_concepts": sum(len(r["concepts"]) for r in records),
    }

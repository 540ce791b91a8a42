"""SQL lives in ``.sql`` files beside this module: named statements
(``sql/<dialect>.sql``, ``-- name: x`` blocks) and numbered migrations
(``migrations/<dialect>/NNNN_name.sql``, applied in order, each once)."""

import re
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
_NAME = re.compile(r"^-- name: ([a-z_]+)\s*$", re.MULTILINE)
_MIGRATION = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@cache
def statements(dialect: str) -> dict[str, str]:
    text = (HERE / "sql" / f"{dialect}.sql").read_text(encoding="utf-8")
    parts = _NAME.split(text)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}


@cache
def migrations(dialect: str) -> tuple[tuple[int, str, str], ...]:
    """(version, name, sql) of every migration of `dialect`, by version."""
    found = []
    for path in (HERE / "migrations" / dialect).glob("*.sql"):
        m = _MIGRATION.match(path.name)
        if not m:
            raise ValueError(f"migration file not named NNNN_name.sql: {path}")
        found.append((int(m.group(1)), m.group(2), path.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise ValueError(f"duplicate migration numbers in {dialect}: {versions}")
    return tuple(found)


def latest_version(dialect: str) -> int:
    return max((v for v, _, _ in migrations(dialect)), default=0)

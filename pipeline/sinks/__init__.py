"""Downstream databases for records: SQLite (embedded default), PostgreSQL
(shared), Parquet (analytics). ``open_sink(url)`` returns a migrated sink."""

from pipeline.sinks.base import QUERIES, Sink
from pipeline.sinks.rows import TABLES, RecordError
from pipeline.sinks.url import SinkError, parse_sink_url, redact

DEFAULT_SINK = "sqlite:///medlink.db"

__all__ = [
    "DEFAULT_SINK",
    "QUERIES",
    "TABLES",
    "RecordError",
    "Sink",
    "SinkError",
    "open_sink",
    "parse_sink_url",
    "redact",
]


def open_sink(url: str, migrate: bool = True, read_only: bool = False) -> Sink:
    """Connect to the sink named by `url`; :class:`SinkError` (no password in the
    message) when the URL is bad or the database cannot be reached. `read_only`
    (for queries) never creates or changes anything."""
    parsed = parse_sink_url(url)
    if parsed.scheme == "sqlite":
        from pipeline.sinks.sqlite import SqliteSink as cls
    elif parsed.scheme == "postgresql":
        from pipeline.sinks.postgres import PostgresSink as cls
    else:
        from pipeline.sinks.parquet import ParquetSink as cls
    sink = cls(parsed, read_only=read_only)
    if migrate and not read_only:
        try:
            sink.migrate()
        except BaseException:
            sink.close()
            raise
    return sink

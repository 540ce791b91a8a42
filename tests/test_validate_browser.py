"""The HTML validation report renders in a real headless browser (Debian's chromium)
without script errors and shows every finding. Skipped when chromium is absent,
unless CI is set (CI installs it, so a missing browser is a failure there)."""

import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES

from pipeline.lexicon import load_lexicon
from pipeline.resources.build import build_lexicon
from pipeline.resources.registry import IdRegistry
from pipeline.resources.sources import DirectorySource
from pipeline.validate.checks import Context
from pipeline.validate.readers import read_documents
from pipeline.validate.report_html import render
from pipeline.validate.validator import validate

HERE = FIXTURES / "validate"


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed (CI installs Debian's chromium)")
    pytest.skip("chromium is not installed (apt-get install -y chromium)")


def run_browser(page: Path, *mode: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                *mode,
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=90,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


class Dom(HTMLParser):
    """Attributes of <body> and the elements the checks count."""

    def __init__(self):
        super().__init__()
        self.body: dict = {}
        self.findings: list[dict] = []
        self.badges: list[dict] = []
        self.marks: dict[str, int] = {}
        self.script_errors = 0
        self._side = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "body":
            self.body = a
        elif tag == "li" and "finding" in a.get("class", ""):
            self.findings.append(a)
        elif tag == "li" and self._in_errors:
            self.script_errors += 1
        elif tag == "sup":
            self.badges.append(a)
        elif tag == "div" and "data-side" in a:
            self._side = a["data-side"]
        elif tag == "mark":
            self.marks[self._side] = self.marks.get(self._side, 0) + 1
        if tag == "ul":
            self._in_errors = a.get("id") == "script-errors"

    _in_errors = False


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from pipeline.model_ner import TagSourceMismatch
    from pipeline.nlp import load_pipeline

    out = tmp_path_factory.mktemp("browser")
    lexicon = out / "lexicon"
    build_lexicon(DirectorySource(HERE / "vocab"), lexicon, force=True, log=lambda _m: None)
    ctx = Context(load_lexicon(lexicon), IdRegistry(lexicon))
    with pytest.warns(TagSourceMismatch):  # a tiny fixture lexicon, not the model's
        nlp = load_pipeline(lexicon_dir=lexicon)
    docs = [d for f in ("page.md", "doc.pubtator") for d in read_documents(HERE / f)[1]]
    results = validate(docs, ctx, nlp)
    page = out / "report.html"
    page.write_text(render(results, "fixtures"), encoding="utf-8")
    return page, results


def test_report_renders_every_finding(report):
    page, results = report
    dom = Dom()
    dom.feed(run_browser(page, "--dump-dom"))
    assert dom.body.get("data-rendered") == "ok"
    assert "data-script-errors" not in dom.body and dom.script_errors == 0
    total = sum(len(r.findings) for r in results)
    assert total > 20 and len(dom.findings) == total
    assert int(dom.body["data-findings-shown"]) == total
    codes = {f["data-code"] for f in dom.findings}
    assert {"ML003", "ML005", "ML030", "ML031", "ML050"} <= codes
    # each finding about a located annotation has its badge beside the span
    expected = sum(
        1
        for r in results
        for f in r.findings
        if f.annotation is not None and f.annotation in r.spans
    )
    assert sum(1 for b in dom.badges if "badge" in b.get("class", "")) >= expected
    assert dom.marks.get("given", 0) > 10 and dom.marks.get("pipeline", 0) > 5


def test_script_errors_are_caught(report, tmp_path):
    page, _ = report
    broken = tmp_path / "broken.html"
    html = page.read_text(encoding="utf-8")
    tag = '<script id="report-data" type="application/json">'
    start = html.index(tag) + len(tag)
    broken.write_text(html[:start] + "{not json" + html[start:], encoding="utf-8")
    dom = Dom()
    dom.feed(run_browser(broken, "--dump-dom"))
    assert dom.body.get("data-script-errors") == "1" and dom.script_errors >= 1
    assert "data-rendered" not in dom.body


def test_screenshot(report, tmp_path):
    page, _ = report
    shot = tmp_path / "report.png"
    run_browser(page, "--window-size=1400,1000", f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_markup_in_the_text_stays_text(report, tmp_path):
    from pipeline.formats.model import AnnotatedDoc, Annotation

    lexicon = report[0].parent / "lexicon"
    ctx = Context(load_lexicon(lexicon), IdRegistry(lexicon))
    text = "Cisplatin </script><b id=injected>bold</b> & \u2028 thalidomide."
    doc = AnnotatedDoc("x", text, [], [Annotation(0, 9, "Cisplatin", "Chemical", ["D002945"])])
    page = tmp_path / "markup.html"
    page.write_text(render(validate([doc], ctx), "<i>title</i>"), encoding="utf-8")
    dom_text = run_browser(page, "--dump-dom")
    dom = Dom()
    dom.feed(dom_text)
    assert dom.body.get("data-rendered") == "ok" and "data-script-errors" not in dom.body
    assert 'id="injected"' not in dom_text and "&lt;/script&gt;&lt;b id=injected&gt;" in dom_text
    assert "<i>title</i>" not in dom_text

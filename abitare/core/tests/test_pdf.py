"""The one PDF renderer (core/pdf.py): only data: URIs and the application's own static files are
fetched; a remote address, the server's own host or a file outside static never are (security
review, finding 12)."""

from __future__ import annotations

import ast
import http.server
import threading
from pathlib import Path

import pytest

from abitare.core import pdf

ROOT = Path(pdf.__file__).resolve().parents[2]


def test_no_module_imports_weasyprint_but_the_pdf_renderer():
    offenders = []
    for folder in ("abitare", "config", "bench", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            if "tests" in path.parts or path == Path(pdf.__file__).resolve():
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = (
                    [alias.name for alias in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else []
                )
                if any(name.split(".")[0] == "weasyprint" for name in names):
                    offenders.append(str(path.relative_to(ROOT)))

    assert offenders == [], "render PDFs with abitare.core.pdf"


@pytest.fixture
def server():
    """A web server on this machine that records every request it receives."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red; }")

        def log_message(self, *args):
            """Keep the test's output quiet: the request is recorded in ``seen`` instead."""

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()


def test_a_remote_url_in_the_html_is_not_fetched(server):
    address, seen = server
    html = (
        f'<link rel="stylesheet" href="{address}/style.css">'
        f'<img src="{address}/pixel.png"><p style="background: url({address}/bg.png)">Ciao</p>'
    )

    document = pdf.render_pdf(html)

    assert document.startswith(b"%PDF")
    assert seen == []


def test_the_fetcher_is_the_one_that_refuses(server):
    address, seen = server
    fetcher = pdf.SafeFetcher()

    for url in (f"{address}/x.css", "file:///etc/passwd", "https://abitare.invalid/etc/passwd", "ftp://x/y"):
        with pytest.raises(ValueError, match="Not fetched"):
            fetcher.fetch(url)
    assert seen == []


@pytest.mark.parametrize(
    "url",
    [
        "https://abitare.invalid/static/../config/settings.py",
        "https://abitare.invalid/static/%2e%2e/%2e%2e/etc/passwd",
        "https://abitare.invalid/static//etc/passwd",
        "https://example.org/static/css/abitare.css",
        "file:///static/css/abitare.css",
    ],
)
def test_no_path_leads_out_of_the_static_folders(url):
    assert pdf.static_file(url) is None


def test_a_static_file_of_the_application_is_read_from_disk():
    css = Path(pdf.__file__).resolve().parents[1] / "web" / "static" / "web" / "css" / "abitare.css"

    found = pdf.static_file("https://abitare.invalid/static/web/css/abitare.css")
    fetched = pdf.SafeFetcher().fetch("/static/web/css/abitare.css".join(["https://abitare.invalid", ""]))

    assert found is not None
    assert found.read_bytes() == css.read_bytes()
    assert fetched.read() == css.read_bytes()


def test_a_data_uri_is_still_embedded():
    fetched = pdf.SafeFetcher().fetch("data:text/plain;base64,Q2lhbw==")

    assert fetched.read() == b"Ciao"

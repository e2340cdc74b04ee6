"""The one PDF renderer of the project (WeasyPrint) and its URL fetcher.

A document may embed ``data:`` URIs (a QR code) and use the application's own static files
(``/static/...``: a stylesheet, a logo), read from the static folders on disk. Nothing else is
fetched: no network address (not even the server's own host, so a PDF cannot be made to read an
internal service), and no ``file:`` path outside the static folders. A refused URL is left out
of the document, which renders without it.

``abitare/core/tests/test_pdf.py`` fails if WeasyPrint is imported anywhere else.
"""

from __future__ import annotations

import mimetypes
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils._os import safe_join
from weasyprint import HTML, URLFetcher  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcherResponse  # type: ignore[import-untyped]

# Relative URLs in a document resolve against this address, which is never on the network: the
# fetcher maps its static paths to files on disk and refuses everything else.
BASE_URL = "https://abitare.invalid/"


def static_file(url: str) -> Path | None:
    """The file on disk behind ``url`` when it names one of the application's static files
    (``/static/...`` on :data:`BASE_URL`, or a relative ``static/...``), else None."""
    parts = urlsplit(url)
    if parts.scheme and (parts.scheme, parts.netloc) != ("https", urlsplit(BASE_URL).netloc):
        return None
    path = unquote(parts.path)
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    if not path.startswith(prefix):
        return None
    relative = posixpath.normpath(path[len(prefix) :])
    if relative.startswith(("../", "/")) or relative in {"..", "."} or "\\" in relative or "\x00" in relative:
        return None
    found = finders.find(relative)
    if isinstance(found, str):
        return Path(found)
    try:
        candidate = Path(safe_join(str(settings.STATIC_ROOT), relative))
    except ValueError:  # SuspiciousFileOperation: outside the folder
        return None
    return candidate if candidate.is_file() else None


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """``data:`` URIs and the application's static files; every other URL is refused."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False, timeout=1)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        path = static_file(url)
        if path is None:
            raise ValueError(f"Not fetched (only the application's static files): {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document, fetching only what :class:`SafeFetcher` allows."""
    pdf: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=SafeFetcher()).write_pdf()
    return pdf


def render_template_pdf(template: str, context: dict[str, Any], request: Any = None) -> bytes:
    """Render ``template`` with ``context`` (and ``request`` when given) and return its PDF."""
    return render_pdf(render_to_string(template, context, request=request))

"""The repository stands alone: no tracked file cites the design notes that were kept beside it
(the product design, the domain notes, the style guide); the laws and models they held are in
docs/sources.md, and every ``docs/sources.md#<anchor>`` cited anywhere exists there."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ROOT / "docs" / "sources.md"

# Built from parts so that this file does not match itself.
NAMES = ("DESIGN", "DOMAIN", "STYLE")
OUTSIDE = re.compile(r"\b(?:" + "|".join(NAMES) + r")(?:\.md\b| (?:section )?\d)")
ANCHOR_CITED = re.compile(r"docs/sources\.md#([a-z0-9-]+)")
ANCHOR_LINKED = re.compile(r"\]\(#([a-z0-9-]+)\)")
ANCHOR_DEFINED = re.compile(r'<a id="([a-z0-9-]+)"></a>')

# The data migrations that rewrite the old shipped texts must quote them to find the rows.
QUOTES_THE_OLD_TEXT = {
    "abitare/assessments/migrations/0003_sources_cite_the_acts.py",
    "abitare/matching/migrations/0005_sources_cite_the_acts.py",
    "abitare/tenancies/migrations/0003_sources_cite_the_acts.py",
}


def tracked_texts() -> dict[str, str]:
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files are unknown")
    names = (
        subprocess.run([git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    )
    texts = {}
    for name in filter(None, names):
        path = ROOT / name
        if not path.is_file():  # deleted in the working tree, not yet committed
            continue
        data = path.read_bytes()
        if b"\0" in data:  # binary (images, fonts)
            continue
        texts[name] = data.decode("utf-8", errors="replace")
    return texts


def outside_references(texts: dict[str, str]) -> list[str]:
    return [
        f"{name}:{number}: {line.strip()}"
        for name, text in texts.items()
        if name not in QUOTES_THE_OLD_TEXT
        for number, line in enumerate(text.splitlines(), start=1)
        if OUTSIDE.search(line)
    ]


def test_no_tracked_file_cites_a_document_outside_the_repository():
    assert outside_references(tracked_texts()) == []


def test_the_check_finds_each_form_of_reference():
    texts = {
        "a.py": f"# see {NAMES[0]}.md 2.4",
        "b.json": f'{{"source": "come riporta {NAMES[1]}.md"}}',
        "c.md": f"the rule of {NAMES[2]} 11 and {NAMES[0]} section 2.4",
        "d.md": "Domain-driven DESIGN, a STYLE guide, DOMAIN knowledge",
    }
    assert [hit.split(":")[0] for hit in outside_references(texts)] == ["a.py", "b.json", "c.md"]
    assert outside_references({next(iter(QUOTES_THE_OLD_TEXT)): f"{NAMES[1]}.md"}) == []


def test_every_cited_anchor_of_the_sources_page_exists():
    defined = set(ANCHOR_DEFINED.findall(SOURCES.read_text(encoding="utf-8")))
    cited = {(name, anchor) for name, text in tracked_texts().items() for anchor in ANCHOR_CITED.findall(text)} | {
        ("docs/sources.md", anchor) for anchor in ANCHOR_LINKED.findall(SOURCES.read_text(encoding="utf-8"))
    }
    assert cited, "nothing cites the sources page"
    assert sorted(f"{name}: #{anchor}" for name, anchor in cited if anchor not in defined) == []


def test_the_sources_page_is_listed_with_the_docs():
    assert "docs/sources.md" in (ROOT / "README.md").read_text(encoding="utf-8")

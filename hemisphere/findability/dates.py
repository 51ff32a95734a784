"""Last changed: each page's date, from the last commit that changed its source file (one
``git log`` for all pages), kept per build, and the pages written again when a commit changed
their date but not their source."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

from sphinx.application import Sphinx

DATES_STAMP = "hemisphere-page-dates.json"


def last_changed(root: Path, files: list[str]) -> dict[str, str]:
    """{file, relative to ``root``: the date (YYYY-MM-DD) of the last commit that changed it},
    from one ``git log`` for all files. Empty, quietly, with no git or no history, and in a
    shallow clone (where every file would carry the clone's date)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout

    if not files:
        return {}
    try:
        if git("rev-parse", "--is-shallow-repository").strip() != "false":
            return {}
        log = git("log", "--format=%x01%cs", "--name-only", "--relative", "--", *files)
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in log.splitlines():
        if line.startswith("\x01"):
            current = line[1:].strip()
        elif line.strip() and current:
            dates.setdefault(line.strip(), current)  # newest first: the first date is the last
    wanted = set(files)
    return {name: day for name, day in dates.items() if name in wanted}


def _source_files(app: Sphinx) -> dict[str, str]:
    """{docname: its source file relative to the book's root}."""
    env = app.env
    return {docname: Path(env.doc2path(docname, False)).as_posix() for docname in env.found_docs}


def page_dates(app: Sphinx) -> dict[str, str]:
    """{docname: last-changed date} for the pages whose source git knows (cached per build)."""
    if getattr(app, "hemisphere_page_dates", None) is None:
        sources = _source_files(app)
        dates = last_changed(Path(app.srcdir), sorted(set(sources.values())))
        app.hemisphere_page_dates = {
            docname: dates[path] for docname, path in sources.items() if path in dates
        }
    return app.hemisphere_page_dates


def _pages_with_new_dates(app: Sphinx, env, added, changed, removed) -> list[str]:
    """A commit changes a page's date but not its source: write those pages again."""
    if app.builder.format != "html":
        return []
    app.hemisphere_page_dates = None
    stamp = Path(app.doctreedir) / DATES_STAMP
    try:
        before = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    now = page_dates(app)
    return sorted(
        docname
        for docname in env.found_docs - added - changed
        if before.get(docname) != now.get(docname)
    )


def _record_dates(app: Sphinx, exception) -> None:
    if exception is None and getattr(app, "hemisphere_page_dates", None) is not None:
        stamp = Path(app.doctreedir) / DATES_STAMP
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps(app.hemisphere_page_dates, sort_keys=True), encoding="utf-8")


def _long_date(day: str) -> str:
    return f"{date.fromisoformat(day):%-d %B %Y}"

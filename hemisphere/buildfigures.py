"""The appendix's tables, from the figures `make bench` wrote (book/build-figures.json)."""

from __future__ import annotations

import json
from pathlib import Path

from . import paths

FIGURES = paths.BUILD_FIGURES
BOOKS = ("this book", "template")


class FiguresError(ValueError):
    """The figures file is missing or lacks what the page shows."""


def load(path: Path = FIGURES) -> dict:
    try:
        figures = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FiguresError(f"{path}: no build figures yet; run `make bench`") from None
    except json.JSONDecodeError as error:
        raise FiguresError(f"{path}: not valid JSON ({error})") from None
    for key in ("measured", "machine", "budgets", *BOOKS):
        if key not in figures:
            raise FiguresError(f"{path}: field {key!r} is missing; run `make bench` again")
    for book in BOOKS:
        for key in (
            "clean_build_s",
            "rebuild_s",
            "execution_total_s",
            "notebooks_s",
            "pages",
            "first_chart_ms",
        ):
            if key not in figures[book]:
                raise FiguresError(f"{path}: {book!r} has no field {key!r}; run `make bench` again")
    return figures


def _row(*cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def summary_markdown(figures: dict) -> str:
    ours, template = figures["this book"], figures["template"]
    lines = [
        f"Measured on {figures['measured']} ({figures['machine']}), both books built in the same run.",
        "",
        _row("", "This book", "Template book"),
        _row("---", "---:", "---:"),
        _row("Clean build (s)", ours["clean_build_s"], template["clean_build_s"]),
        _row("No-change rebuild (s)", ours["rebuild_s"], template["rebuild_s"]),
        _row("Notebooks executed", len(ours["notebooks_s"]), len(template["notebooks_s"])),
        _row(
            "Notebook execution, summed (s)",
            ours["execution_total_s"],
            template["execution_total_s"],
        ),
        _row("Pages", len(ours["pages"]), len(template["pages"])),
        _row("Heaviest page, raw / gzipped (KB)", _heaviest(ours), _heaviest(template)),
        _row(
            "Heaviest page over the template's heaviest, raw / gzipped (MB)",
            _excess(ours, template),
            "",
        ),
        _row("First chart drawn (ms, fastest page)", _fastest(ours), _fastest(template)),
        "",
        _row("Budget", "Measured", "At most", "Kept"),
        _row("---", "---:", "---:", "---"),
    ]
    lines += [
        _row(b["budget"], b["value"], b["limit"], "yes" if b["kept"] else "**no**")
        for b in figures["budgets"]
    ]
    return "\n".join(lines) + "\n"


def pages_markdown(figures: dict) -> str:
    ours = figures["this book"]
    lines = [
        _row("Page", "Raw KB", "Gzip KB", "Chart ms", "Run s"),
        _row("---", "---:", "---:", "---:", "---:"),
    ]
    for docname, page in ours["pages"].items():
        seconds = ours["notebooks_s"].get(f"{docname}.ipynb", "")
        # Plain text, not code: long names wrap at the slashes instead of widening the table.
        lines.append(
            _row(
                docname.replace("/", "/\u200b"),
                page["raw_kb"],
                page["gzip_kb"],
                ours["first_chart_ms"].get(docname, ""),
                seconds,
            )
        )
    return "\n".join(lines) + "\n"


def _heaviest(book: dict) -> str:
    page = max(book["pages"].values(), key=lambda p: p["gzip_kb"])
    return f"{page['raw_kb']} / {page['gzip_kb']}"


def _excess(ours: dict, template: dict) -> str:
    def top(book: dict, key: str) -> int:
        return max(page[key] for page in book["pages"].values())

    return " / ".join(
        f"{(top(ours, key) - top(template, key)) / 1024:.2f}" for key in ("raw_kb", "gzip_kb")
    )


def _fastest(book: dict) -> str:
    return str(min(book["first_chart_ms"].values())) if book["first_chart_ms"] else "no chart"

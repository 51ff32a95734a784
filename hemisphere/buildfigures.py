"""The appendix's tables, from the figures `make bench` wrote (book/build-figures.json)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import paths

FIGURES = paths.BUILD_FIGURES
BOOKS = ("this book", "template")

#: What the student edition's pages are made from, relative to the repository: the files
#: whose digest the figures record, so that figures measured on other pages are stale.
SOURCES = (
    "_config.yml",
    "_toc.yml",
    "book",
    "data",
    "hemisphere",
    "exercises/student",
    "exercises/quizzes",
)
#: The figures file itself is written by the bench (and the appendix shows it).
NOT_SOURCES = ("book/build-figures.json",)
#: The page of the `jupyter-book create` template measured beside this book's.
TEMPLATE_PAGE = "notebooks"
#: Budgets for each page Lighthouse measures (mobile profile, medians of three runs).
MIN_PERFORMANCE = 90
MAX_BEHIND_TEMPLATE = 5
MIN_ACCESSIBILITY = 100
MAX_TRANSFER_MB = 1.2


def sources_digest(root: Path = paths.ROOT) -> str:
    """SHA-256 over the names and contents of the files in :data:`SOURCES`.

    The same on every machine: paths in POSIX form, sorted; line endings read as LF (a
    Windows checkout); caches (``__pycache__``, ``.ipynb_checkpoints``) and hidden files left
    out. It reads a few megabytes, so a test can check it in well under a second."""
    digest = hashlib.sha256()
    for source in SOURCES:
        top = root / source
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in files:
            name = path.relative_to(root).as_posix()
            parts = path.relative_to(root).parts
            if name in NOT_SOURCES or any(
                part.startswith(".") or part == "__pycache__" for part in parts
            ):
                continue
            digest.update(name.encode("utf-8") + b"\0")
            digest.update(path.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    return digest.hexdigest()


def lighthouse_pages(toc_path: Path = paths.TOC) -> list[str]:
    """The pages Lighthouse measures: the landing page and every chapter (the toc's first
    part), the glossary and the first exercise."""
    import yaml

    from .book import toc_docnames

    toc = yaml.safe_load(Path(toc_path).read_text(encoding="utf-8"))
    chapters = [entry["file"] for entry in toc["parts"][0]["chapters"]]
    everything = toc_docnames(toc_path)
    exercises = [name for name in everything if name.startswith("exercises/")]
    pages = [toc["root"], *chapters, "book/glossary", *exercises[:1]]
    return [name for name in dict.fromkeys(pages) if name in everything]


def lighthouse_budgets(pages: dict[str, dict], template: dict) -> list[dict]:
    """The per-page budgets, each as the worst page's value against its limit."""

    def worst(key, pick):
        docname = pick(pages, key=lambda d: pages[d][key])
        return docname, pages[docname][key]

    slowest, performance = worst("performance", min)
    least, accessibility = worst("accessibility", min)
    heaviest, transfer = worst("transfer_kb", max)
    behind = template["performance"] - performance
    return [
        {
            "budget": "lowest performance score (at least)",
            "page": slowest,
            "value": performance,
            "limit": MIN_PERFORMANCE,
            "kept": performance >= MIN_PERFORMANCE,
        },
        {
            "budget": "points behind the template's performance score (at most)",
            "page": slowest,
            "value": behind,
            "limit": MAX_BEHIND_TEMPLATE,
            "kept": behind <= MAX_BEHIND_TEMPLATE,
        },
        {
            "budget": "lowest accessibility score (at least)",
            "page": least,
            "value": accessibility,
            "limit": MIN_ACCESSIBILITY,
            "kept": accessibility >= MIN_ACCESSIBILITY,
        },
        {
            "budget": "most transferred by a page, MB (at most)",
            "page": heaviest,
            "value": round(transfer / 1024, 2),
            "limit": MAX_TRANSFER_MB,
            "kept": transfer / 1024 <= MAX_TRANSFER_MB,
        },
    ]


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


def lighthouse_markdown(figures: dict) -> str:
    """Lighthouse's medians for each measured page and the template's page, then the budgets."""
    found = figures.get("lighthouse")
    if not found:
        return "No Lighthouse figures yet: run `make bench`.\n"
    lines = [
        f"Lighthouse {found['lighthouse']}, {found['profile']}; median of {found['runs']} runs "
        f"of each page, served gzipped; measured on {figures['measured']}.",
        "",
        _row("Page", "Performance", "Accessibility", "FCP s", "LCP s", "TBT ms", "Transfer KB"),
        _row("---", "---:", "---:", "---:", "---:", "---:", "---:"),
    ]
    pages = [(docname, page) for docname, page in found["pages"].items()]
    pages.append((f"template: {found['template_page']}", found["template"]))
    for docname, page in pages:
        lines.append(
            _row(
                docname.replace("/", "/\u200b"),
                page["performance"],
                page["accessibility"],
                f"{page['fcp_ms'] / 1000:.1f}",
                f"{page['lcp_ms'] / 1000:.1f}",
                page["tbt_ms"],
                page["transfer_kb"],
            )
        )
    lines += [
        "",
        _row("Budget", "Page", "Measured", "Limit", "Kept"),
        _row("---", "---", "---:", "---:", "---"),
    ]
    lines += [
        _row(
            b["budget"],
            b["page"].replace("/", "/\u200b"),
            b["value"],
            b["limit"],
            "yes" if b["kept"] else "**no**",
        )
        for b in found["budgets"]
    ]
    return "\n".join(lines) + "\n"


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

"""`make bench`: build figures for this book and for Jupyter Book 1's template book, side by side.

For each book, in one run and on this machine: a clean build and a no-change rebuild (seconds;
the rebuild is the median of three), each notebook's execution time, each page's weight (its
HTML plus every local script and stylesheet it loads, raw and gzipped; what it would fetch from elsewhere is listed apart) and
the time until its first chart has drawn in Chromium. The budgets below are checked and the
figures written to book/build-figures.json, which the appendix page "How this book is built
and tested" shows. Budgets are read by people here, not asserted by timed tests.

The template book is made by `jupyter-book create` and built in its own environment
(the template's requirements: jupyter-book, matplotlib, numpy), kept in .bench/.

Then Lighthouse (tools/pagespeed.py) measures the landing page, every chapter, the glossary and
the first exercise, and the template's notebook page, in the same run: medians of three mobile
runs, with the per-page budgets of hemisphere.buildfigures. The figures record a digest of the
sources the pages are made from (buildfigures.sources_digest), so a test tells stale figures.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_cache import get_cache

from hemisphere import buildfigures
from hemisphere.book import STRICT_BUILD_FLAGS, build_command, toc_docnames

ROOT = Path(__file__).resolve().parent.parent
# Chromium is started and pages served as the browser tests do.
sys.path.insert(0, str(ROOT / "tests"))
import pagespeed  # noqa: E402  (tools/pagespeed.py: Lighthouse on the pages, issue 17.1)
from helpers import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402
from pins import set_sizes  # noqa: E402  (tools/, this script's folder)

RESULTS = ROOT / "book" / "build-figures.json"
# Hidden, so that the book build's search for pages (only_build_toc_files) does not walk it.
TEMPLATE_ENV = ROOT / ".bench" / "template-env"
ASSET = re.compile(r'<(?:script[^>]+src|link[^>]+href)="([^"#?]+)[^"]*"')
MB = 1024 * 1024
BUDGETS = {
    "clean build (s)": 60.0,
    "clean build / notebook execution": 1.5,
    "no-change rebuild (s)": 3.0,
    "heaviest page over the template's heaviest, gzipped (MB)": 1.0,
    "pages loading the widget bundle": 0,
}
# What the first drawn figure looks like: an altair chart's marks here, a matplotlib image there.
FIRST_CHART = {
    "this book": "[...document.querySelectorAll('[id^=\"altair-viz\"] svg .role-mark')].length > 0",
    "template": "[...document.querySelectorAll('.cell_output img')].some(i => i.complete && i.naturalWidth > 0)",
}
SCROLL_TO_FIRST_CHART = (
    "() => { const c = document.querySelector('[id^=\"altair-viz\"]'); if (c) c.scrollIntoView(); }"
)
WIDGET_BUNDLE = ("require.min.js", "html-manager", "@jupyter-widgets")


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds, result.stdout + result.stderr


def page_weight(html_root: Path, docname: str) -> dict:
    """Bytes of the page's HTML plus every local script and stylesheet it loads; outside links apart."""
    page = html_root / f"{docname}.html"
    html = page.read_text(encoding="utf-8")
    files, outside = {page}, []
    for ref in ASSET.findall(html):
        if ref.startswith(("http:", "https:", "//")):
            outside.append(ref)
            continue
        asset = (page.parent / ref).resolve()
        if asset.suffix in {".js", ".css"} and asset.exists():
            files.add(asset)
    return {
        "raw_kb": round(sum(f.stat().st_size for f in files) / 1024),
        "gzip_kb": round(
            sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files) / 1024
        ),
        "outside": sorted(set(outside)),
        "widget_bundle": any(marker in html for marker in WIDGET_BUNDLE),
    }


def first_chart_ms(html_root: Path, docnames: list[str], drawn: str) -> dict[str, float]:
    """Milliseconds from navigation to the first drawn chart, for each page that has one."""
    from playwright.sync_api import sync_playwright

    server, url = serve(html_root)
    times = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for docname in docnames:
            page = browser.new_page()
            page.goto(f"{url}/{docname}.html", wait_until="commit")
            try:
                # This book draws a chart when the reader comes near it: go straight to the first.
                page.wait_for_load_state("domcontentloaded")
                page.evaluate(SCROLL_TO_FIRST_CHART)
                page.wait_for_function(f"() => {drawn}", timeout=20_000)
                times[docname] = round(page.evaluate("performance.now()"))
            except Exception:  # a page with no chart
                pass
            page.close()
        browser.close()
    server.shutdown()
    return times


def measure(
    name: str, source: Path, html_root: Path, build: list[str], env: dict | None, notebook_times
) -> dict:
    clean, log = timed(build, source, env)
    # The median of three: a rebuild takes seconds, so one run is at the mercy of the machine.
    rebuild = statistics.median(timed(build, source, env)[0] for _ in range(3))
    notebooks = notebook_times(log)
    docnames = toc_docnames(source / "_toc.yml")
    return {
        "name": name,
        "clean_build_s": round(clean, 1),
        "rebuild_s": round(rebuild, 1),
        "notebooks_s": notebooks,
        "execution_total_s": round(sum(notebooks.values()), 1),
        "pages": {d: page_weight(html_root, d) for d in docnames},
        "first_chart_ms": first_chart_ms(html_root, docnames, FIRST_CHART[name]),
    }


def this_book(scratch: Path) -> dict:
    output = scratch / "this-book"

    def notebook_times(_log: str) -> dict[str, float]:
        cache = get_cache(output / "_build" / ".jupyter_cache")
        return {
            str(Path(r.uri).relative_to(ROOT)): round(r.data.get("execution_seconds", 0.0), 1)
            for r in sorted(cache.list_cache_records(), key=lambda r: r.uri)
        }

    return measure(
        "this book",
        ROOT,
        output / "_build" / "html",
        build_command(ROOT, path_output=output),
        None,
        notebook_times,
    )


def template_book(scratch: Path) -> dict:
    python = template_python()
    source = scratch / "template"
    subprocess.run(
        [str(python.parent / "jupyter-book"), "create", str(source)],
        check=True,
        capture_output=True,
    )

    def notebook_times(log: str) -> dict[str, float]:
        found = re.findall(r"(\S+\.(?:ipynb|md)): Executed notebook in ([\d.]+) seconds", log)
        return {str(Path(path).relative_to(source)): float(seconds) for path, seconds in found}

    env = {**os.environ, "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}"}
    # The template as it comes (its own config); -W would stop on its logo's missing alt text.
    return measure(
        "template",
        source,
        source / "_build" / "html",
        [str(python.parent / "jupyter-book"), "build", str(source)],
        env,
        notebook_times,
    )


def template_python() -> Path:
    """The template's environment: its requirements, at our pins where we share them."""
    python = TEMPLATE_ENV / "bin" / "python"
    stamp = TEMPLATE_ENV / ".installed"
    if not stamp.exists():
        shutil.rmtree(TEMPLATE_ENV, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(TEMPLATE_ENV)], check=True)
        result = subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "-c",
                str(ROOT / "requirements.txt"),
                "jupyter-book",
                "matplotlib",
                "numpy",
                "ipykernel",
            ],
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            sys.exit(
                f"could not install the template's environment:\n{result.stdout[-3000:]}"
                f"\n{result.stderr[-3000:]}"
            )
        stamp.touch()
    return python


def budgets(ours: dict, template: dict) -> list[dict]:
    heaviest = max(page["gzip_kb"] for page in ours["pages"].values())
    template_heaviest = max(page["gzip_kb"] for page in template["pages"].values())
    ratio = ours["clean_build_s"] / ours["execution_total_s"] if ours["execution_total_s"] else 0.0
    values = {
        "clean build (s)": ours["clean_build_s"],
        "clean build / notebook execution": round(ratio, 2),
        "no-change rebuild (s)": ours["rebuild_s"],
        "heaviest page over the template's heaviest, gzipped (MB)": round(
            (heaviest - template_heaviest) / 1024, 2
        ),
        "pages loading the widget bundle": sum(p["widget_bundle"] for p in ours["pages"].values()),
    }
    return [
        {"budget": name, "value": values[name], "limit": limit, "kept": values[name] <= limit}
        for name, limit in BUDGETS.items()
    ]


def report(results: dict) -> None:
    ours, template = results["this book"], results["template"]
    print(f"{'':44} {'this book':>12} {'template':>12}")
    for label, key in (
        ("clean build (s)", "clean_build_s"),
        ("no-change rebuild (s)", "rebuild_s"),
        ("notebook execution, summed (s)", "execution_total_s"),
    ):
        print(f"{label:44} {ours[key]:12} {template[key]:12}")
    for book in (ours, template):
        print(f"\n{book['name']}: notebook execution (s)")
        for path, seconds in book["notebooks_s"].items():
            print(f"  {path:58} {seconds:6.1f}")
        print(
            f"\n{book['name']}: page weight (HTML + JS + CSS)   raw KB  gzip KB  first chart (ms)  outside"
        )
        for docname, page in book["pages"].items():
            chart = book["first_chart_ms"].get(docname, "")
            print(
                f"  {docname:44} {page['raw_kb']:7} {page['gzip_kb']:8} {chart!s:>17}  "
                f"{len(page['outside']) or ''}"
            )
    print("\nbudgets")
    for line in results["budgets"]:
        print(
            f"  {'kept  ' if line['kept'] else 'BROKEN'} {line['budget']:58} "
            f"{line['value']:>8} (at most {line['limit']})"
        )


def main() -> int:
    digest = buildfigures.sources_digest(ROOT)
    with tempfile.TemporaryDirectory(prefix="hemisphere-bench-") as scratch:
        ours = this_book(Path(scratch))
        template = template_book(Path(scratch))
        lighthouse = pagespeed.bench_figures(
            Path(scratch) / "this-book" / "_build" / "html",
            Path(scratch) / "template" / "_build" / "html",
        )
    if buildfigures.sources_digest(ROOT) != digest:
        sys.exit("the book's sources changed while the bench ran: run it again")
    results = {
        "measured": datetime.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}",
        "build_flags": " ".join(STRICT_BUILD_FLAGS),
        "this book": ours,
        "template": template,
    }
    results["budgets"] = budgets(ours, template)
    # Which sources the figures were measured on: a test fails when the pages have changed since.
    results["sources_digest"] = digest
    results["lighthouse"] = lighthouse
    results["installed"] = set_sizes()  # what students download on a launch, beside .venv's all
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    report(results)
    pagespeed.report(lighthouse)
    print("", *(f"{label:44} {mb:12}" for label, mb in results["installed"].items()), sep="\n")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)} (shown in the book's appendix)")
    kept = results["budgets"] + lighthouse["budgets"]
    return 0 if all(line["kept"] for line in kept) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Lighthouse for `make bench`: how fast the book's pages open on a phone, beside the template's.

Lighthouse (the npm package pinned in tools/lighthouse/, installed with `npm ci`) drives Debian's
chromium with its mobile profile (a mid-range phone, simulated slow 4G and a 4x slower CPU). Each
page is served gzipped, as book hosts serve it, and measured three times; the runs are
interleaved (every page once, then again), so a busy moment of the machine does not fall on one
page alone. The figures kept are the medians of the performance and accessibility scores, first
and largest contentful paint, total blocking time and bytes transferred.

Lighthouse's mobile profile simulates the network and CPU from what it observed, so its scores
move by a few points between runs on a shared machine: a benchmark, read by people, not a test.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import threading
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS  # tools/chromium.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_DIR = ROOT / "tools" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROME_PATH = os.environ.get("CHROME_PATH", CHROMIUM)
RUNS = 3
# What book hosts (GitHub Pages, Netlify, Read the Docs) compress.
COMPRESSED = {".html", ".js", ".css", ".json", ".svg", ".txt", ".xml", ".map"}
# Lighthouse's audits behind each figure, and the unit each is kept in.
METRICS = {
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "tbt_ms": "total-blocking-time",
    "transfer_kb": "total-byte-weight",
}
# The tests' flags; Lighthouse's own launcher is told the new headless mode by name.
CHROME_FLAGS = " ".join(
    "--headless=new" if flag == "--headless" else flag for flag in CHROMIUM_ARGS
)


def ensure_lighthouse() -> Path:
    """Install the pinned Lighthouse (npm ci) unless the installed one matches the lock file."""
    stamp = LIGHTHOUSE_DIR / "node_modules" / ".package-lock.json"
    lock = LIGHTHOUSE_DIR / "package-lock.json"
    if (
        not LIGHTHOUSE.exists()
        or not stamp.exists()
        or stamp.stat().st_mtime < lock.stat().st_mtime
    ):
        result = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=LIGHTHOUSE_DIR,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            sys.exit(
                f"npm ci in {LIGHTHOUSE_DIR} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
            )
    return LIGHTHOUSE


def lighthouse_version() -> str:
    package = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"]


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (as book hosts do), over HTTP/1.1."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        # GitHub Pages' lifetime: the same for both books, so neither gains from it.
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, _mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6)


def serve_gzipped(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(GzipHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def lighthouse_once(url: str) -> dict:
    """One Lighthouse run (mobile, the default profile) on one page: its scores and metrics."""
    env = {**os.environ, "CHROME_PATH": CHROME_PATH}
    result = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--output-path=stdout",
            "--only-categories=performance,accessibility",
            f"--chrome-flags={CHROME_FLAGS}",
            "--quiet",
            "--max-wait-for-load=60000",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout)
    if report.get("runtimeError"):
        sys.exit(f"lighthouse could not measure {url}: {report['runtimeError']}")
    figures = {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
    }
    for name, audit in METRICS.items():
        value = report["audits"][audit]["numericValue"]
        figures[name] = round(value / 1024) if name == "transfer_kb" else round(value)
    failing = [
        audit_id
        for ref in report["categories"]["accessibility"]["auditRefs"]
        if ref["weight"] > 0
        and (audit_id := ref["id"])
        and report["audits"][audit_id]["score"] is not None
        and report["audits"][audit_id]["score"] < 1
    ]
    figures["accessibility_failing"] = failing
    return figures


def median_figures(runs: list[dict]) -> dict:
    keys = ("performance", "accessibility", *METRICS)
    medians = {key: statistics.median(run[key] for run in runs) for key in keys}
    medians = {key: round(value) for key, value in medians.items()}
    medians["performance_runs"] = [run["performance"] for run in runs]
    medians["accessibility_failing"] = sorted(
        {a for run in runs for a in run["accessibility_failing"]}
    )
    return medians


def measure(sites: dict[str, tuple[Path, list[str]]], runs: int = RUNS) -> dict[str, dict]:
    """``{site: (html_root, [docname, ...])}`` -> ``{site: {docname: medians}}``, runs interleaved."""
    ensure_lighthouse()
    servers = {name: serve_gzipped(root) for name, (root, _) in sites.items()}
    collected: dict[str, dict[str, list[dict]]] = {name: {} for name in sites}
    try:
        for run in range(runs):
            for name, (_, docnames) in sites.items():
                for docname in docnames:
                    url = f"{servers[name][1]}/{docname}.html"
                    figures = lighthouse_once(url)
                    print(
                        f"  lighthouse {run + 1}/{runs} {name}: {docname:40} "
                        f"performance {figures['performance']:3}  "
                        f"accessibility {figures['accessibility']:3}",
                        flush=True,
                    )
                    collected[name].setdefault(docname, []).append(figures)
    finally:
        for server, _ in servers.values():
            server.shutdown()
    return {
        name: {docname: median_figures(found) for docname, found in pages.items()}
        for name, pages in collected.items()
    }


def bench_figures(ours: Path, template: Path) -> dict:
    """`make bench`'s Lighthouse figures: this book's measured pages (built in ``ours``) and the
    template's notebook page (built in ``template``), in the same run, with their budgets."""
    from hemisphere import buildfigures

    pages = buildfigures.lighthouse_pages()
    measured = measure(
        {"this book": (ours, pages), "template": (template, [buildfigures.TEMPLATE_PAGE])}
    )
    template_page = measured["template"][buildfigures.TEMPLATE_PAGE]
    return {
        "lighthouse": lighthouse_version(),
        "chromium": _chromium_version(),
        "profile": "mobile (Lighthouse's default: simulated slow 4G, 4x CPU slowdown)",
        "runs": RUNS,
        "pages": measured["this book"],
        "template_page": buildfigures.TEMPLATE_PAGE,
        "template": template_page,
        "budgets": buildfigures.lighthouse_budgets(measured["this book"], template_page),
    }


def _chromium_version() -> str:
    result = subprocess.run([CHROME_PATH, "--version"], capture_output=True, text=True)
    return result.stdout.strip()


def report(figures: dict) -> None:
    print(
        f"\nLighthouse {figures['lighthouse']} ({figures['profile']}), medians of {figures['runs']}"
    )
    print(
        f"  {'page':44} {'perf':>5} {'a11y':>5} {'FCP ms':>7} {'LCP ms':>7} {'TBT ms':>7} {'KB':>6}"
    )
    rows = [
        *figures["pages"].items(),
        (f"template: {figures['template_page']}", figures["template"]),
    ]
    for docname, page in rows:
        print(
            f"  {docname:44} {page['performance']:5} {page['accessibility']:5} {page['fcp_ms']:7} "
            f"{page['lcp_ms']:7} {page['tbt_ms']:7} {page['transfer_kb']:6}"
        )
    for line in figures["budgets"]:
        print(
            f"  {'kept  ' if line['kept'] else 'BROKEN'} {line['budget']:58} "
            f"{line['value']:>8} (limit {line['limit']}; {line['page']})"
        )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # run as a script: this checkout's hemisphere package
    # python tools/pagespeed.py FOLDER DOCNAME...: a quick look at a few pages (one run each).
    folder, *names = sys.argv[1:]
    results = measure({"site": (Path(folder), names)}, runs=int(os.environ.get("RUNS", "1")))
    print(json.dumps(results, indent=1))

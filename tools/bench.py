"""Print the book's build and page-weight figures (`make bench`).

A clean build goes to a scratch folder with its own execution cache, so the
working build and its cache are left alone. Figures are printed, not asserted:
budgets are read by people, not by timed tests.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import tempfile
import time
from pathlib import Path

from jupyter_cache import get_cache

from hemisphere.book import build_command, toc_docnames

ROOT = Path(__file__).resolve().parent.parent
ASSET = re.compile(r'<(?:script[^>]+src|link[^>]+href)="([^"#?]+)[^"]*"')


def build(output: Path) -> float:
    start = time.perf_counter()
    subprocess.run(build_command(ROOT, path_output=output), check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def page_weight(html_root: Path, docname: str) -> tuple[int, int]:
    """Bytes of the page's HTML plus every local script and stylesheet it loads: raw, gzipped."""
    page = html_root / f"{docname}.html"
    files = {page}
    for ref in ASSET.findall(page.read_text(encoding="utf-8")):
        if ref.startswith(("http:", "https:", "data:")):
            continue
        asset = (page.parent / ref).resolve()
        if asset.suffix in {".js", ".css"} and asset.exists():
            files.add(asset)
    raw = sum(f.stat().st_size for f in files)
    zipped = sum(len(gzip.compress(f.read_bytes(), compresslevel=6)) for f in files)
    return raw, zipped


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="hemisphere-bench-") as scratch:
        output = Path(scratch)
        clean = build(output)
        rebuild = build(output)
        records = get_cache(output / "_build" / ".jupyter_cache").list_cache_records()
        html_root = output / "_build" / "html"

        print(f"clean build            {clean:6.1f} s")
        print(f"no-change rebuild      {rebuild:6.1f} s")
        total = 0.0
        print("\nnotebook execution (s)")
        for record in sorted(records, key=lambda r: r.uri):
            seconds = record.data.get("execution_seconds", float("nan"))
            total += seconds
            print(f"  {Path(record.uri).relative_to(ROOT)!s:44} {seconds:6.1f}")
        print(f"  {'all notebooks':44} {total:6.1f}")
        if total:
            print(f"  clean build / execution time: {clean / total:.2f}")
        print("\npage weight (HTML + JS + CSS it loads)      raw KB   gzip KB")
        for docname in toc_docnames(ROOT / "_toc.yml"):
            raw, zipped = page_weight(html_root, docname)
            print(f"  {docname:42} {raw / 1024:8.0f}  {zipped / 1024:8.0f}")


if __name__ == "__main__":
    main()

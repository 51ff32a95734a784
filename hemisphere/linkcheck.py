"""Check every URL in data/references.bib and report the dead ones, per bib key.

Run ``make linkcheck`` (or ``python -m hemisphere.linkcheck [references.bib]``). It needs the
internet, so CI does not run it; tests/test_linkcheck.py runs it against a local server.

Each URL is requested (HEAD, then GET where a server refuses HEAD) without following
redirects, so that each hop is seen: a link is **ok** when it answers 2xx, possibly after
redirects; **redirected** when it reaches a 2xx page by way of a permanent redirect (301/308:
the .bib should give the new address); **dead** on a 4xx/5xx answer, a timeout or a connection
error. The exit status is 1 when any link is dead, else 0. Redirects are reported but do not
fail the run (many sites redirect their canonical addresses for good reasons).
"""

from __future__ import annotations

import argparse
import http.client
import ssl
import sys
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from pybtex.database import parse_string

from . import paths

USER_AGENT = "hemisphere-linkcheck/1 (+the Western Hemisphere teaching module)"
MAX_REDIRECTS = 10
PERMANENT = {301, 308}
#: Some servers answer HEAD with these though GET works.
RETRY_WITH_GET = {403, 405, 406, 429, 501}


@dataclass
class Result:
    key: str
    url: str
    status: int | None = None  # the final answer's status; None: no answer
    error: str = ""  # why there was no answer (timeout, connection refused ...)
    hops: list[tuple[int, str]] = field(default_factory=list)  # (status, location) per redirect

    @property
    def final_url(self) -> str:
        return self.hops[-1][1] if self.hops else self.url

    @property
    def verdict(self) -> str:
        if self.status is None or self.status >= 400:
            return "dead"
        if any(status in PERMANENT for status, _ in self.hops):
            return "redirected"
        return "ok"

    def line(self) -> str:
        if self.status is None:
            what = self.error
        else:
            what = str(self.status)
            if self.hops:
                chain = " -> ".join(f"{status} {location}" for status, location in self.hops)
                what = f"{self.status} after {chain}"
        return f"{self.verdict:10} {self.key}: {self.url} ({what})"


def bib_urls(path: Path) -> list[tuple[str, str]]:
    """(key, url) for every entry of the .bib that has a url, in file order."""
    database = parse_string(Path(path).read_text(encoding="utf-8"), "bibtex")
    return [
        (key, entry.fields["url"].strip())
        for key, entry in database.entries.items()
        if entry.fields.get("url", "").strip()
    ]


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    """One request, no redirect followed: (status, Location header or '')."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) address: {url}")
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    kwargs = {"context": ssl.create_default_context()} if parts.scheme == "https" else {}
    connection = connection_class(parts.hostname, parts.port, timeout=timeout, **kwargs)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        return response.status, response.getheader("Location") or ""
    finally:
        connection.close()


def check(key: str, url: str, timeout: float = 15.0) -> Result:
    result = Result(key, url)
    current = url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            status, location = _request(current, "HEAD", timeout)
            if status in RETRY_WITH_GET:
                status, location = _request(current, "GET", timeout)
            if 300 <= status < 400 and location:
                current = urljoin(current, location)
                result.hops.append((status, current))
                continue
            result.status = status
            return result
        result.error = f"more than {MAX_REDIRECTS} redirects"
    except TimeoutError:
        result.error = f"timed out after {timeout:g} s"
    except (OSError, http.client.HTTPException, ValueError) as err:
        result.error = f"{type(err).__name__}: {err}"
    return result


def check_all(
    links: Iterable[tuple[str, str]], timeout: float = 15.0, workers: int = 8
) -> list[Result]:
    links = list(links)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda link: check(*link, timeout=timeout), links))


def report(results: list[Result]) -> str:
    """Dead links first, then redirected ones, then a count; ok links are only counted."""
    lines = [r.line() for r in results if r.verdict == "dead"]
    lines += [r.line() for r in results if r.verdict == "redirected"]
    counts = {v: sum(r.verdict == v for r in results) for v in ("ok", "redirected", "dead")}
    lines.append(
        f"{len(results)} links checked: {counts['ok']} ok, {counts['redirected']} permanently "
        f"redirected, {counts['dead']} dead"
    )
    if results and all(r.error.startswith("gaierror") for r in results):
        lines.append(
            "No host name resolved: this machine seems to be offline (linkcheck needs the internet)."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bib", nargs="?", type=Path, default=paths.data_dir() / "references.bib")
    parser.add_argument("--timeout", type=float, default=15.0, help="seconds per request")
    parser.add_argument("--workers", type=int, default=8, help="requests at a time")
    args = parser.parse_args(argv)
    results = check_all(bib_urls(args.bib), timeout=args.timeout, workers=args.workers)
    print(report(results))
    return 1 if any(r.verdict == "dead" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())

"""`make linkcheck` (hemisphere.linkcheck) against a local stub server: live, dead (404),
redirecting, HEAD-refusing and silent URLs, each reported under its bib key."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest

from hemisphere import linkcheck


class _Stub(http.server.BaseHTTPRequestHandler):
    def _answer(self, body: bool) -> None:
        routes = {
            "/live": (200, None),
            "/moved": (301, "/live"),
            "/temporary": (302, "/live"),
            "/gone-after-redirect": (308, "/missing"),
            "/loop": (302, "/loop"),
        }
        if self.path == "/get-only" and self.command == "HEAD":
            status, location = 405, None
        elif self.path == "/get-only":
            status, location = 200, None
        else:
            status, location = routes.get(self.path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2" if body else "0")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def stub():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def silent():
    """A port that accepts connections and never answers (a timeout)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
    listener.close()


def _bib(tmp_path, links: dict[str, str]):
    entries = [
        f"@online{{{key},\n  title = {{Page {key}}},\n  year = {{2026}},\n  url = {{{url}}}\n}}\n"
        for key, url in links.items()
    ]
    entries.append("@book{nourl,\n  title = {No address},\n  year = {2026}\n}\n")
    path = tmp_path / "references.bib"
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def test_each_url_is_reported_under_its_key(stub, silent, tmp_path, capsys):
    bib = _bib(
        tmp_path,
        {
            "alive": f"{stub}/live",
            "dead404": f"{stub}/missing",
            "moved": f"{stub}/moved",
            "temporary": f"{stub}/temporary",
            "deadend": f"{stub}/gone-after-redirect",
            "loops": f"{stub}/loop",
            "headless": f"{stub}/get-only",
            "slow": silent,
        },
    )
    assert [key for key, _ in linkcheck.bib_urls(bib)] == [
        "alive",
        "dead404",
        "moved",
        "temporary",
        "deadend",
        "loops",
        "headless",
        "slow",
    ]
    status = linkcheck.main([str(bib), "--timeout", "1"])
    out = capsys.readouterr().out
    lines = {line.split()[1].rstrip(":"): line for line in out.splitlines()[:-1]}
    assert status == 1  # a dead link fails the run
    assert lines["dead404"].startswith("dead") and "(404)" in lines["dead404"]
    assert (
        lines["deadend"].startswith("dead") and f"404 after 308 {stub}/missing" in lines["deadend"]
    )
    assert lines["moved"].startswith("redirected") and f"301 {stub}/live" in lines["moved"]
    assert lines["loops"].startswith("dead") and "redirects" in lines["loops"]
    assert lines["slow"].startswith("dead") and "timed out" in lines["slow"]
    # Live links, a temporary redirect and a server that refuses HEAD are counted, not listed.
    assert {"alive", "temporary", "headless"}.isdisjoint(lines)
    assert out.splitlines()[-1] == "8 links checked: 3 ok, 1 permanently redirected, 4 dead"


def test_all_live_links_pass(stub, tmp_path, capsys):
    bib = _bib(tmp_path, {"alive": f"{stub}/live", "temporary": f"{stub}/temporary"})
    assert linkcheck.main([str(bib), "--timeout", "2"]) == 0
    assert capsys.readouterr().out.strip() == (
        "2 links checked: 2 ok, 0 permanently redirected, 0 dead"
    )


def test_a_connection_refused_is_dead(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    result = linkcheck.check("refused", f"http://127.0.0.1:{port}/", timeout=2)
    assert result.verdict == "dead" and "ConnectionRefused" in result.error


def test_the_makefile_runs_it_and_ci_does_not():
    from hemisphere import paths

    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert "linkcheck: $(STAMP)\n\t$(BIN)/python -m hemisphere.linkcheck" in makefile
    test_target = makefile.split("\ntest: ", 1)[1].split("\n\n", 1)[0]
    assert "linkcheck" not in test_target


def test_an_offline_machine_is_told_apart_from_dead_links():
    offline = [
        linkcheck.Result("a", "https://a.example/", error="gaierror: [Errno -2] Name unknown"),
        linkcheck.Result("b", "https://b.example/", error="gaierror: [Errno -2] Name unknown"),
    ]
    assert linkcheck.report(offline).endswith("seems to be offline (linkcheck needs the internet).")
    one_dead = [*offline, linkcheck.Result("c", "https://c.example/", status=404)]
    assert "offline" not in linkcheck.report(one_dead)

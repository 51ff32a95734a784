"""The book's Sphinx extension, job by job: the offline vega bundle, the repository addresses,
the execution inputs. (Its directives on small books: test_directives.py.)"""

from __future__ import annotations

import subprocess

import altair as alt

from hemisphere import vega
from hemisphere.addresses import repository_url_from_git
from hemisphere.sphinxext import assets, inputs, repository


def test_vega_flags_match_what_altairs_loader_checks():
    flags = vega.vega_debug_flags()
    html = alt.Chart().mark_point()._repr_mimebundle_()["text/html"]
    for key, version in flags.items():
        library = {
            "vega_version": "vega",
            "vegalite_version": "vega-lite",
            "vegaembed_version": "vega-embed",
        }[key]
        assert f'maybeLoadScript("{library}", "{version}")' in html


def test_bundle_is_written_once_wrapped_in_a_function_scope(tmp_path):
    path = assets.write_vega_bundle(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("(function () {") and text.rstrip().endswith("})();")
    assert "window.vegaEmbed" in text
    stamp = path.stat().st_mtime_ns
    assert assets.write_vega_bundle(tmp_path).stat().st_mtime_ns == stamp


def _repo_with_remote(tmp_path, url):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    if url:
        subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", url], check=True)
    return tmp_path


def test_repository_url_from_an_ssh_remote(tmp_path):
    repo = _repo_with_remote(tmp_path, "git@github.com:example-org/western-hemisphere.git")
    assert repository_url_from_git(repo) == "https://github.com/example-org/western-hemisphere"


def test_repository_url_from_an_https_remote(tmp_path):
    repo = _repo_with_remote(tmp_path, "https://gitlab.com/team/book.git")
    assert repository_url_from_git(repo) == "https://gitlab.com/team/book"


def test_no_repository_url_from_a_local_path_or_no_remote(tmp_path):
    assert repository_url_from_git(_repo_with_remote(tmp_path / "a", None)) == ""
    assert repository_url_from_git(_repo_with_remote(tmp_path / "b", "/srv/clone")) == ""


class _FakeConfig:
    def __init__(self, repository_url=""):
        self.html_theme_options = {
            "repository_url": repository_url,
            "launch_buttons": {"binderhub_url": "https://mybinder.org"},
            "use_repository_button": False,
        }


class _FakeApp:
    def __init__(self, srcdir):
        self.srcdir = str(srcdir)


def test_launch_buttons_take_the_git_remote_when_the_config_has_no_url(tmp_path):
    repo = _repo_with_remote(tmp_path, "git@github.com:example-org/western-hemisphere.git")
    config = _FakeConfig()
    repository._on_config_inited(_FakeApp(repo), config)
    options = config.html_theme_options
    assert options["repository_url"] == "https://github.com/example-org/western-hemisphere"
    assert options["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert options["use_repository_button"] is True


def test_the_configured_url_wins_over_the_remote(tmp_path):
    repo = _repo_with_remote(tmp_path, "git@github.com:someone/else.git")
    config = _FakeConfig("https://github.com/team/book")
    repository._on_config_inited(_FakeApp(repo), config)
    assert config.html_theme_options["repository_url"] == "https://github.com/team/book"


def test_launch_buttons_are_left_out_with_no_url_and_no_remote(tmp_path):
    config = _FakeConfig()
    repository._on_config_inited(_FakeApp(_repo_with_remote(tmp_path, None)), config)
    options = config.html_theme_options
    assert options["launch_buttons"] == {}
    assert options["use_repository_button"] is False


def test_the_inputs_digest_follows_data_and_package_files(tmp_path):
    for folder in inputs.EXECUTION_INPUTS:
        (tmp_path / folder).mkdir()
    table = tmp_path / "data" / "events.csv"
    table.write_text("id\na\n")
    first = inputs.inputs_digest(tmp_path)
    assert inputs.inputs_digest(tmp_path) == first
    table.write_text("id\nb\n")
    assert inputs.inputs_digest(tmp_path) != first
    second = inputs.inputs_digest(tmp_path)
    (tmp_path / "hemisphere" / "__pycache__").mkdir()
    (tmp_path / "hemisphere" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert inputs.inputs_digest(tmp_path) == second, "byte-code caches are not inputs"
    (tmp_path / "hemisphere" / "vega.py").write_text("# changed\n")
    assert inputs.inputs_digest(tmp_path) != second


def _book_with_config(tmp_path, repository: dict, html: dict | None = None, remote=None):
    import yaml

    repo = _repo_with_remote(tmp_path, remote)
    config = {"repository": repository, **({"html": html} if html else {})}
    (repo / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return repo


def test_the_student_repository_opens_the_launch_buttons_and_the_source_takes_the_errata(tmp_path):
    repo = _book_with_config(
        tmp_path,
        {
            "url": "https://github.com/team/book",
            "student_url": "https://github.com/team/book-student",
            "student_branch": "release",
        },
    )
    config = _FakeConfig("https://github.com/team/book")
    app = _FakeApp(repo)
    repository._on_config_inited(app, config)
    options = config.html_theme_options
    assert options["repository_url"] == "https://github.com/team/book-student"
    assert options["repository_branch"] == "release"
    assert (
        '<a href="https://github.com/team/book/issues">Report an error</a>'
        in options["extra_footer"]
    )
    assert app.hemisphere_addresses.missing() == []


def test_each_address_falls_back_on_url_then_the_git_remote(tmp_path):
    from hemisphere import addresses

    repo = _book_with_config(
        tmp_path, {"url": ""}, {"baseurl": "https://example.org/book/"}, "git@github.com:o/r.git"
    )
    found = addresses.read(repo)
    assert found.url == found.source == found.student == "https://github.com/o/r"
    assert found.branch == found.student_branch == "main"
    assert found.site == "https://example.org/book/"
    separate = _book_with_config(
        tmp_path / "b",
        {"url": "https://github.com/o/student", "source_url": "https://github.com/o/src"},
    )
    found = addresses.read(separate)
    assert (found.source, found.student) == (
        "https://github.com/o/src",
        "https://github.com/o/student",
    )


def test_an_empty_address_leaves_its_feature_out_with_one_line_each(tmp_path):
    from hemisphere import addresses

    found = addresses.read(_book_with_config(tmp_path, {"url": ""}))
    lines = found.missing()
    assert len(lines) == 2
    assert lines[0].startswith("launch buttons left out") and lines[1].startswith(
        "errata link left out"
    )
    config = _FakeConfig()
    repository._on_config_inited(_FakeApp(tmp_path), config)
    assert "Report an error" not in config.html_theme_options.get("extra_footer", "")
    assert config.html_theme_options["launch_buttons"] == {}


def test_the_guide_leaves_the_handout_links_out_without_a_student_repository():
    from hemisphere import guide

    assert "mybinder.org" not in guide.links_markdown("")
    assert "left out" in guide.links_markdown("")
    links = guide.links_markdown("https://github.com/o/student", "main")
    assert "mybinder.org/v2/gh/o/student/main?urlpath=lab/tree/exercises/student/" in links
    assert "git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fstudent" in links

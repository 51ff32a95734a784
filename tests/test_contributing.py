"""CONTRIBUTING.md names only files and make targets that exist, so it cannot silently go stale."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "CONTRIBUTING.md"

#: What a recipe creates or what is never committed: named in the guide, absent from a fresh clone.
NOT_IN_A_CLONE = ("_build/", ".venv/")
EXTENSIONS = (
    ".py",
    ".yml",
    ".yaml",
    ".md",
    ".csv",
    ".bib",
    ".json",
    ".txt",
    ".in",
    ".ipynb",
    ".toml",
)
SPAN = re.compile(r"`([^`\n]+)`")
TARGET = re.compile(r"`make ([a-z][a-z-]*)")


def named_paths(text: str) -> set[str]:
    """Backticked spans that look like repository paths (a folder, or a file with a known ending)."""
    paths = set()
    for span in SPAN.findall(text):
        if not re.fullmatch(r"[\w.*/-]+", span):  # spaces, placeholders (<chapter>, …), markup
            continue
        if "/" in span or span.endswith(EXTENSIONS) or span in ("Makefile", "postBuild"):
            paths.add(span)
    return paths


def missing_paths(text: str, root: Path) -> list[str]:
    missing = []
    for path in sorted(named_paths(text)):
        if path.startswith(NOT_IN_A_CLONE):
            continue
        found = list(root.glob(path.rstrip("/"))) if "*" in path else [root / path]
        if not any(p.exists() for p in found):
            missing.append(path)
    return missing


def makefile_targets(root: Path) -> set[str]:
    text = (root / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, re.M))


def missing_targets(text: str, root: Path) -> list[str]:
    return sorted(set(TARGET.findall(text)) - makefile_targets(root))


def test_every_path_the_guide_names_exists():
    text = GUIDE.read_text(encoding="utf-8")
    assert len(named_paths(text)) >= 20, "the guide's paths are no longer recognised"
    assert missing_paths(text, ROOT) == [], "CONTRIBUTING.md names files that do not exist"


def test_every_make_target_the_guide_names_exists():
    text = GUIDE.read_text(encoding="utf-8")
    assert {"lint", "test", "test-fast", "lms", "lock", "exercises"} <= set(TARGET.findall(text))
    assert missing_targets(text, ROOT) == [], (
        "CONTRIBUTING.md names make targets the Makefile lacks"
    )


def test_a_stale_path_or_target_is_reported():
    stale = "Edit `data/no_such_table.csv` and `hemisphere/gone.py`, then run `make frobnicate`."
    assert missing_paths(stale, ROOT) == ["data/no_such_table.csv", "hemisphere/gone.py"]
    assert missing_targets(stale, ROOT) == ["frobnicate"]
    # Placeholders and prose in backticks are not taken for paths.
    assert (
        named_paths("`exercises/quizzes/<chapter>.yml` `Trump's second term` `{cite:t}`") == set()
    )


def test_the_readme_points_to_the_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CONTRIBUTING.md" in readme

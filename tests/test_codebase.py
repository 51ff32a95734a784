"""The codebase's layout stays honest (issue 18): modules small enough to read in one sitting,
test modules that share code through helpers.py (never conftest or each other), and one module,
hemisphere/paths.py, that knows where the repository's files are. Fast: reads source, builds
nothing."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

PACKAGE = ROOT / "hemisphere"
TESTS = ROOT / "tests"
#: The most lines a module of the package may have.
MAX_LINES = 300
#: The one module that may find the repository from its own file.
LAYOUT_MODULE = PACKAGE / "paths.py"


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_bundle" not in p.parts)


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def long_modules(modules: list[Path]) -> dict[str, int]:
    """{module: its number of lines} for each module over MAX_LINES."""
    sizes = {_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in modules}
    return {name: size for name, size in sizes.items() if size > MAX_LINES}


def test_every_module_of_the_package_can_be_read_in_one_sitting():
    assert len(_modules()) > 20, "the package's modules were not found"
    offenders = long_modules(_modules())
    assert not offenders, (
        f"split these modules by concern (at most {MAX_LINES} lines): "
        + ", ".join(f"{name} ({size} lines)" for name, size in sorted(offenders.items()))
    )


def imported_modules(tree: ast.Module) -> set[str]:
    """Every module an ``import`` or ``from ... import`` names, at any depth (top-level names)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def forbidden_imports(path: Path) -> set[str]:
    """The modules of tests/ that ``path`` must not import but does: conftest and test_*."""
    return {
        name
        for name in imported_modules(_tree(path))
        if name == "conftest" or name.startswith("test_")
    }


def test_no_test_module_imports_conftest_or_another_test_module():
    assert len(list(TESTS.glob("test_*.py"))) > 20
    offenders = {
        path.name: sorted(found)
        for path in sorted(TESTS.glob("*.py"))
        if (found := forbidden_imports(path))
    }
    assert not offenders, (
        "share code through tests/helpers.py (fixtures through conftest, never imported): "
        + "; ".join(f"{name} imports {', '.join(found)}" for name, found in offenders.items())
    )


def _mentions_own_file(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == "__file__" for n in ast.walk(node))


def walks_up_from_file(tree: ast.Module) -> list[int]:
    """The lines that climb from the module's own ``__file__`` towards the repository:
    ``.parent``/``.parents`` of a path built from it, ``os.path.dirname`` of it, or ``..``
    joined to it. Reading the file itself (``Path(__file__).read_bytes()``) is not climbing."""
    lines = []
    for node in ast.walk(tree):
        climbs = False
        if isinstance(node, ast.Attribute) and node.attr in ("parent", "parents"):
            climbs = _mentions_own_file(node.value)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            climbs = name == "dirname" and any(_mentions_own_file(arg) for arg in node.args)
            climbs = climbs or (
                name == "join"
                and any(_mentions_own_file(arg) for arg in node.args)
                and any(isinstance(a, ast.Constant) and a.value == ".." for a in node.args)
            )
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            climbs = _mentions_own_file(node) and any(
                isinstance(n, ast.Constant) and n.value == ".." for n in ast.walk(node)
            )
        if climbs:
            lines.append(node.lineno)
    return sorted(set(lines))


def test_only_the_layout_module_walks_up_from_its_own_file():
    assert walks_up_from_file(_tree(LAYOUT_MODULE)), "paths.py should find the package this way"
    offenders = {
        _name(path): lines
        for path in _modules()
        if path != LAYOUT_MODULE and (lines := walks_up_from_file(_tree(path)))
    }
    assert not offenders, (
        "ask hemisphere.paths where files live instead of walking up from __file__: "
        + "; ".join(
            f"{name} line {', '.join(map(str, lines))}" for name, lines in offenders.items()
        )
    )

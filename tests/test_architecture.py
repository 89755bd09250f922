"""Rules of the code's shape that review alone would let slip: short functions, no reaching into
another module's private names, no import cycles. Each check reads the source with ``ast`` and
is tried on a small bad example too, so a check that can no longer fail is noticed."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT

SRC = ROOT / "src"
MAX_FUNCTION_LINES = 80


def module_name(path: Path, root: Path = SRC) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = SRC) -> dict[str, tuple[Path, ast.Module]]:
    return {module_name(p, root): (p, ast.parse(p.read_text(encoding="utf-8"), str(p)))
            for p in sorted(root.rglob("*.py"))}


def long_functions(tree: ast.Module, limit: int = MAX_FUNCTION_LINES) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if lines > limit:
                yield f"{node.name} (line {node.lineno}, {lines} lines)"


def imports(name: str, path: Path, tree: ast.Module) -> Iterator[tuple[str, str | None]]:
    """Each (module, imported name or None) a module imports, relative imports made absolute."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                yield base, alias.name


def private_imports(mods: dict[str, tuple[Path, ast.Module]]) -> Iterator[str]:
    for name, (path, tree) in mods.items():
        for module, imported in imports(name, path, tree):
            target = f"{module}.{imported}" if imported else module
            if f"{target}." in {f"{m}." for m in mods}:  # a submodule, not a name in one
                continue
            last = (imported or module.rpartition(".")[2])
            if module in mods and last.startswith("_") and not last.startswith("__"):
                yield f"{name} imports {last} from {module}"


def import_graph(mods: dict[str, tuple[Path, ast.Module]]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {name: set() for name in mods}
    for name, (path, tree) in mods.items():
        for module, imported in imports(name, path, tree):
            sub = f"{module}.{imported}" if imported else None
            target = sub if sub in mods else module
            if target in mods and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_function_is_longer_than_80_lines() -> None:
    too_long = [f"{path.relative_to(ROOT)}: {fn}"
                for path, tree in modules().values() for fn in long_functions(tree)]
    assert too_long == []


def test_no_module_imports_another_modules_private_names() -> None:
    assert list(private_imports(modules())) == []


def test_reportgen_modules_import_no_cycle() -> None:
    assert cycles(import_graph(modules())) == []


@pytest.fixture
def bad_package(tmp_path: Path) -> Path:
    """A package that breaks every rule once."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import _secret\n\n\ndef f() -> None:\n"
                              + "    x = 1\n" * MAX_FUNCTION_LINES)
    (pkg / "b.py").write_text("from pkg import a\n\n_secret = 1\n")
    return tmp_path


def test_the_checks_catch_a_package_that_breaks_them(bad_package: Path) -> None:
    mods = modules(bad_package)
    assert [fn.split(" ")[0] for fn in long_functions(mods["pkg.a"][1])] == ["f"]
    assert list(private_imports(mods)) == ["pkg.a imports _secret from pkg.b"]
    assert cycles(import_graph(mods)) == [["pkg.a", "pkg.b"]]


def imports_of(name: str, mods: dict[str, tuple[Path, ast.Module]]) -> set[str]:
    return import_graph(mods)[name]


def test_errors_is_the_bottom_module() -> None:
    """Every package reports through errors.Problem; if errors imported one of them, the
    layering would climb back up (it once imported source/ for field paths)."""
    mods = modules()
    assert imports_of("reportgen.errors", mods) == set()


def ownership_rows(text: str) -> dict[str, str]:
    """ARCHITECTURE.md's ownership table: first cell (a package or modules) -> the whole row."""
    rows = {}
    for line in text.split("\n"):
        cells = line.split("|")
        if line.startswith("| `") and len(cells) > 2:
            rows[cells[1].strip()] = line
    return rows


def unnamed_modules(mods: dict[str, tuple[Path, ast.Module]], text: str) -> list[str]:
    """Modules the table does not name: a top-level module in a first cell (`build.py`), a
    package as its row (`render/`), anything deeper as a `word` in its package's row."""
    rows = ownership_rows(text)
    missing = []
    for name in mods:
        parts = name.split(".")[1:]
        if not parts or parts == ["__main__"]:
            continue
        is_package = mods[name][0].name == "__init__.py"
        if len(parts) == 1 and not is_package:
            found = any(f"`{parts[0]}.py`" in cell for cell in rows)
        elif len(parts) == 1:
            found = f"`{parts[0]}/`" in rows
        else:
            row = rows.get(f"`{parts[0]}/`", "")
            found = f"`{parts[-1]}{'/' if is_package else ''}" in row
        if not found:
            missing.append(name)
    return missing


def test_every_module_is_in_the_ownership_table() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert unnamed_modules(modules(), text) == []


def test_the_table_check_notices_a_module_left_out(bad_package: Path) -> None:
    mods = {f"reportgen.{k}": v for k, v in modules(bad_package).items()}
    text = "| `pkg/` | `a` |\n"
    assert unnamed_modules(mods, text) == ["reportgen.pkg.b"]

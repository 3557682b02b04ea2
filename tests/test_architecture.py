"""Dependencies point one way: bot → handlers → knowledge."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "handlers": {"flask", "linebot", "slack_bolt", "slack_sdk", "bot"},
    "knowledge": {"flask", "linebot", "slack_bolt", "slack_sdk", "bot", "handlers"},
}


def imported_roots(path: Path) -> set[str]:
    """The top-level modules a file imports."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_inner_packages_do_not_import_outer_ones(package):
    files = list((ROOT / package).rglob("*.py"))
    assert files
    for path in files:
        assert not imported_roots(path) & FORBIDDEN[package], path


def module_name(path: Path) -> str:
    """The dotted name of a project file."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_imports(path: Path, known: set[str]) -> set[str]:
    """The project modules a file imports anywhere in it, functions included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                     for alias in node.names]  # `from bot.line import spool` imports the module, not only the package
        found |= {name for name in names if name in known}
    return found


def project_files() -> list[Path]:
    """Every module of bot, handlers and knowledge."""
    return [path for package in ("bot", "handlers", "knowledge") for path in (ROOT / package).rglob("*.py")]


def test_no_module_imports_itself_through_others():
    files = project_files()
    known = {module_name(path) for path in files}
    graph = {module_name(path): project_imports(path, known) - {module_name(path)} for path in files}

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            name = todo.pop()
            for other in graph.get(name, ()):
                if other == goal:
                    return True
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return False

    cycles = sorted(name for name in known if reaches(name, name))
    assert not cycles, cycles


def test_every_module_name_is_unique():
    names = [path.stem for path in project_files() if path.stem != "__init__"]
    assert sorted({name for name in names if names.count(name) > 1}) == []

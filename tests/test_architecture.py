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

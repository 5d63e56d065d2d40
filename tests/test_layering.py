"""Imports run one way: views -> operations -> models -> workflows."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(folder: Path) -> set[tuple[str, str]]:
    found = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update((str(path.relative_to(ROOT)), alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add((str(path.relative_to(ROOT)), node.module))
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("workflows", ("committee", "flask", "sqlalchemy", "sqlmodel")),
        ("committee/models", ("flask", "committee.operations", "committee.views", "committee.cli")),
        ("committee/operations", ("flask", "committee.views", "committee.cli")),
    ],
)
def test_lower_layers_never_import_higher_ones(folder, forbidden):
    offenders = [
        f"{path} imports {module}"
        for path, module in imported_modules(ROOT / folder)
        if any(module == name or module.startswith(name + ".") for name in forbidden)
    ]
    assert offenders == []

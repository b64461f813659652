"""The command pipeline's shape, enforced: its stages are pure, the network is at two edges."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PURE = ["bot/commands/parse.py", "bot/commands/placement.py", "bot/commands/entry.py",
        "bot/commands/add.py", "bot/commands/render.py", "lint_rules/publication.py",
        "lint_rules/rules/links/preprint_published.py"]
NETWORK = {"github", "requests", "urllib", "urllib3", "http", "socket", "httpx", "subprocess"}


def imported_roots(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_stages_import_no_network_library_and_no_os():
    for name in PURE:
        assert not imported_roots(ROOT / name) & (NETWORK | {"os"}), name


def test_pygithub_only_in_the_commands_gateway():
    importers = {str(p.relative_to(ROOT)) for p in (ROOT / "bot" / "commands").rglob("*.py")
                 if "github" in imported_roots(p)}
    assert importers == set()
    assert "github" in imported_roots(ROOT / "bot" / "github" / "commands.py")

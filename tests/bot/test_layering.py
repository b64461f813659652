"""The review pipeline's shape, enforced: pure stages, one PyGithub importer, one env reader."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
PURE = ["diff.py", "filter.py", "markers.py", "escape.py", "reporters/__init__.py",
        "reporters/inline.py", "reporters/summary.py", "reporters/annotations.py",
        "reporters/local.py"]
NETWORK = {"github", "requests", "urllib", "urllib3", "http", "socket", "httpx"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def reads_environment(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
            return True
    return False


def test_pure_stages_import_no_network_or_io_library():
    for name in PURE:
        assert not imports(BOT / name) & (NETWORK | {"os", "subprocess"}), name


def test_only_the_gateway_imports_pygithub_on_the_review_side():
    review_side = [p for p in BOT.rglob("*.py")
                   if "arxiv" not in p.parts and "digest" not in p.parts
                   and p.name not in ("digest_issues.py", "commands.py")]
    importers = {str(p.relative_to(BOT)) for p in review_side if "github" in imports(p)}
    assert importers == {"github/gateway.py"}


def test_only_actions_env_reads_the_environment():
    review_side = [BOT / n for n in ["review.py", "errors.py", "actions_env.py", *PURE]]
    readers = {p.name for p in review_side if reads_environment(p)}
    assert readers == {"actions_env.py"}

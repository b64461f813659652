"""Shared test helpers: paths to the bundled example list and the test data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = ROOT / "examples" / "self-supervised-medical-imaging"
EXAMPLE_LIST = EXAMPLE_DIR / "README.md"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def example_text() -> str:
    return EXAMPLE_LIST.read_text("utf-8")


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the example list with its config, safe to fix in place."""
    for name in ("README.md", ".paperlist.yml"):
        (tmp_path / name).write_bytes((EXAMPLE_DIR / name).read_bytes())
    return tmp_path / "README.md"

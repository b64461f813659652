"""What we ship: the wheel (data, schema, py.typed, console script, working in a clean venv)
and the lock the workflows install from (hashed, and in sync with pyproject.toml)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from lint_rules import __version__

from .conftest import EXAMPLE_DIR, ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
LOCK = ROOT / "requirements.txt"
BUILD_IN = ROOT / "requirements-build.in"


# --- the wheel --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("build") is None:
        pytest.skip("`build` is a dev dependency: pip install -e '.[dev]'")
    out = tmp_path_factory.mktemp("dist")
    # From a copy of what the wheel is built from: setuptools writes build/ and *.egg-info
    # into the source tree, which concurrent runs would share.
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for package in ("lint_rules", "bot"):
        shutil.copytree(ROOT / package, source / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # Without isolation: the dev install already holds the build backend, and the suite runs
    # offline. .ci/run builds once more with isolation, as a release would.
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out),
         str(source)],
        capture_output=True, text=True, timeout=240, check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (found,) = out.glob("paperlist-*.whl")
    return found


def test_wheel_carries_data_schema_and_py_typed(wheel: Path) -> None:
    assert wheel.name.startswith(f"paperlist-{__version__}-py3-none-any")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        dist_info = f"paperlist-{__version__}.dist-info"
        metadata = zf.read(f"{dist_info}/METADATA").decode()
        entry_points = zf.read(f"{dist_info}/entry_points.txt").decode()
        for data in (ROOT / "lint_rules" / "data").iterdir():
            shipped = f"lint_rules/data/{data.name}"
            assert shipped in names
            assert zf.read(shipped) == data.read_bytes()
    assert {"lint_rules/py.typed", "bot/py.typed", "lint_rules/data/config.schema.json",
            "lint_rules/data/venues.yml"} <= names
    assert not any(name.startswith(("tests/", "benchmarks/", "examples/")) for name in names)
    assert "paperlist = bot.cli:main" in entry_points
    assert f"Version: {__version__}\n" in metadata
    required = {canonicalize_name(Requirement(line.split(":", 1)[1]).name)
                for line in metadata.splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line}
    assert required == {canonicalize_name(Requirement(r).name)
                        for r in PYPROJECT["project"]["dependencies"]}


def test_wheel_works_in_a_clean_venv(wheel: Path, tmp_path: Path) -> None:
    """Install the wheel alone into a new venv and lint the example list with it.

    The dependencies come from the dev environment's site-packages through a ``.pth`` line
    (the suite runs offline); that directory's own ``.pth`` files, among them the editable
    install's finder, are not run from there, so the paperlist that runs is the wheel's."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=60)
    python = venv / "bin" / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True, timeout=30).stdout.strip())
    dev_site = Path(importlib.util.find_spec("yaml").origin).parents[1]  # type: ignore[arg-type]
    (site / "dev-deps.pth").write_text(f"{dev_site}\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True, timeout=120,
                   capture_output=True)
    work = tmp_path / "list"
    shutil.copytree(EXAMPLE_DIR, work)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"

    def paperlist(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(venv / "bin" / "paperlist"), *args], cwd=work, env=env,
                              capture_output=True, text=True, timeout=60, check=False)

    where = subprocess.run([str(python), "-c", "import lint_rules; print(lint_rules.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, timeout=30)
    assert Path(where.stdout.strip()).is_relative_to(site)  # the wheel's, not the checkout's
    version = paperlist("--version")
    assert (version.returncode, version.stdout) == (0, f"paperlist {__version__}\n")
    check = paperlist("check", "README.md")
    assert check.returncode == 1, check.stderr  # the example's two empty links
    assert check.stdout.count(": PL103 ") == 2 and check.stderr == ""
    bad = paperlist("check", "--config", "missing.yml", "README.md")
    assert bad.returncode == 2 and "missing.yml" in bad.stderr
    rule = paperlist("rule", "PL103")  # the rule docs come from the installed modules
    assert rule.returncode == 0 and rule.stdout.startswith("# PL103")


# --- the lock ---------------------------------------------------------------------------------
@dataclass
class Pin:
    name: str
    version: str
    marker: str
    hashes: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)


def read_lock(text: str) -> dict[str, Pin]:
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    in_via = False
    for line in text.splitlines():
        stripped = line.strip()
        pin = re.match(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if pin:
            current = Pin(canonicalize_name(pin[1]), pin[2], pin[3] or "")
            pins[current.name] = current
            in_via = False
        elif current and stripped.startswith("--hash="):
            current.hashes.append(stripped.removeprefix("--hash=").rstrip(" \\"))
        elif current and stripped.startswith("# via"):
            rest = stripped.removeprefix("# via").strip()
            in_via = not rest
            if rest:
                current.via.append(rest)
        elif current and in_via and stripped.startswith("#   "):
            current.via.append(stripped.removeprefix("#").strip())
        elif stripped and not stripped.startswith("#"):
            raise AssertionError(f"unexpected line in the lock: {line!r}")
    return pins


PINS = read_lock(LOCK.read_text("utf-8"))
FROM_PYPROJECT = "paperlist (pyproject.toml)"
FROM_BUILD = f"-r {BUILD_IN.name}"


def test_lock_is_generated_with_hashes_by_the_documented_command() -> None:
    header = LOCK.read_text("utf-8").splitlines()[:2]
    assert header[0].startswith("# This file was autogenerated by uv")
    command = header[1].lstrip("# ").split()
    assert command[:3] == ["uv", "pip", "compile"]
    assert {"pyproject.toml", BUILD_IN.name, "--generate-hashes", "--universal"} <= set(command)
    for pin in PINS.values():
        assert pin.hashes and all(h.startswith("sha256:") and len(h) == 71 for h in pin.hashes)


def test_lock_pins_every_dependency_of_pyproject_within_its_range() -> None:
    wanted = [Requirement(r) for r in PYPROJECT["project"]["dependencies"]]
    for req in wanted:
        pin = PINS.get(canonicalize_name(req.name))
        assert pin, f"{req.name} is in pyproject.toml but not in {LOCK.name}: re-lock"
        assert req.specifier.contains(pin.version, prereleases=True), (req, pin.version)
        assert FROM_PYPROJECT in pin.via
    direct = {name for name, pin in PINS.items() if FROM_PYPROJECT in pin.via}
    assert direct == {canonicalize_name(r.name) for r in wanted}, "stale direct pins: re-lock"


def test_lock_pins_the_build_backend_of_pyproject() -> None:
    build_in = [line for line in BUILD_IN.read_text("utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
    assert build_in == PYPROJECT["build-system"]["requires"]
    for spec in build_in:
        req = Requirement(spec)
        pin = PINS[canonicalize_name(req.name)]
        assert req.specifier.contains(pin.version) and FROM_BUILD in pin.via


def test_every_pin_is_needed_by_something_locked() -> None:
    for pin in PINS.values():
        reasons = {canonicalize_name(v) if not v.startswith(("-r", "paperlist")) else v
                   for v in pin.via}
        assert reasons & {FROM_PYPROJECT, FROM_BUILD, *PINS}, pin


def test_lock_is_closed_where_the_environment_can_tell() -> None:
    """Each locked package's own requirements are locked too, checked through the metadata of
    the installed packages whose version is the locked one (the dev install may differ)."""
    env = default_environment()
    checked = 0
    for pin in PINS.values():
        try:
            dist = importlib.metadata.distribution(pin.name)
        except importlib.metadata.PackageNotFoundError:
            continue
        if dist.version != pin.version:
            continue
        checked += 1
        for spec in dist.requires or ():
            req = Requirement(spec)
            if req.marker and not req.marker.evaluate({**env, "extra": ""}):
                continue
            locked = PINS.get(canonicalize_name(req.name))
            assert locked, f"{pin.name} needs {req}, which {LOCK.name} lacks: re-lock"
            assert req.specifier.contains(locked.version, prereleases=True), (pin.name, req)
    assert checked >= len(PYPROJECT["project"]["dependencies"])

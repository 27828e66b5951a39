"""The wheel (what the Dockerfile installs, and any `pip install` that is not editable) holds every
module and data file of the source tree: the editable install the tests run from cannot tell."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("triage", "knowledge", "bots")
DATA = {".py", ".toml", ".json", ".j2", ".html", ".css", ".js", ".txt", ".tsv", ".mako"}


def test_the_wheel_holds_every_module_and_data_file(tmp_path):
    source_copy = tmp_path / "src"  # built from a copy: a build leaves build/ and *.egg-info behind
    for top in SHIPPED:
        shutil.copytree(ROOT / top, source_copy / top, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source_copy / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--wheel-dir", str(tmp_path),
                    str(source_copy)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("bbhelp-*.whl"))
    inside = set(zipfile.ZipFile(wheel).namelist())
    source = {path.relative_to(ROOT).as_posix() for top in SHIPPED for path in (ROOT / top).rglob("*")
              if path.is_file() and path.suffix in DATA and "__pycache__" not in path.parts}
    assert source - inside == set()

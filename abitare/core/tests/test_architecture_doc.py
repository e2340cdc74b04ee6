"""docs/architecture.md shows the dependency contracts that `make lint` enforces, as generated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_layer_diagram_is_generated_from_the_contracts():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "architecture_layers.py")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout

"""The recovery cores are plain functions over plain data: importing them loads no ORM."""

from __future__ import annotations

import subprocess
import sys


def test_recovery_cores_import_no_orm():
    code = (
        "import sys\n"
        "import abitare.tenancies.recovery.camt, abitare.tenancies.recovery.csv_template\n"
        "import abitare.tenancies.recovery.instalments, abitare.tenancies.recovery.warning\n"
        "loaded = [m for m in sys.modules if m.startswith('django.db') or m.startswith('abitare.tenancies.models')]\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert result.stdout.strip() == ""

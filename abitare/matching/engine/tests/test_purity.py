"""The engine is a pure core: importing it loads neither Django nor any Django app of Abitare."""

import subprocess
import sys

CHECK = """
import sys
import abitare.matching.engine
import abitare.matching.engine.generator
import abitare.matching.engine.instance_io
forbidden = ("django.", "abitare.core", "abitare.accounts")
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith(forbidden))
print(",".join(loaded))
"""


def test_the_engine_imports_no_django():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""

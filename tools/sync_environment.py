"""Write environment.yml (conda, Binder) from requirements.txt, so both describe one environment.

Run by `make lock`; tests/test_environment.py checks the two files agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = """\
# Conda / Binder (repo2docker) environment. Generated from requirements.txt by
# `python tools/sync_environment.py` (run by `make lock`): do not edit by hand.
name: asean-wps
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def pinned(requirements: Path) -> list[str]:
    lines = requirements.read_text(encoding="utf-8").splitlines()
    return [x.strip() for x in lines if x.strip() and not x.lstrip().startswith(("#", "-"))]


def render(pins: list[str]) -> str:
    # repo2docker does not `pip install .` for a conda environment: list the package itself.
    return HEADER + "".join(f"      - {p}\n" for p in pins) + "      - -e .\n"


def main() -> int:
    text = render(pinned(ROOT / "requirements.txt"))
    (ROOT / "environment.yml").write_text(text, encoding="utf-8")
    print(f"environment.yml: {text.count(chr(10)) - HEADER.count(chr(10)) - 1} pinned packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())

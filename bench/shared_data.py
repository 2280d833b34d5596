"""The data the benchmarks read from ../shared beside the checkout, which a clone does not have.

The repository holds only the slices the tests read (tests/data); a benchmark whose data is missing says
so in one line and exits 2, before any work and without a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def require(prog: str, *paths: Path) -> None:
    """Exit 2 with one line (Chinese, English gloss) naming the first of `paths` that does not exist."""
    for path in paths:
        if not path.exists():
            print(
                f"{prog}: 基准数据不存在: {path} (benchmark data missing: the benchmarks read the full datasets "
                f"from ../shared beside the checkout, {SHARED}; they are not part of the repository)",
                file=sys.stderr,
            )
            raise SystemExit(2)

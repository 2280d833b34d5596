"""Recreate tests/data/cmrc2018-dev-sample/ from the full CMRC 2018 dev set (`python tests/data/cmrc2018_sample.py`).

The sample: the first 40 passages (the slices the tests read), the passages of the sentences that
test_general_extraction.py and test_predicates_and_agents.py look up, and every question (eval format) whose gold passages are all in the
sample; lines are copied unchanged and in their original order, with the dataset's LICENCE.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parents[1].parent / "shared" / "datasets" / "cmrc2018-dev"
SAMPLE = HERE / "cmrc2018-dev-sample"
FIRST = 40
EXTRA = (  # the passages of the sentences the extraction tests look up outside the first 40
    "cmrc-dev-p00088",  # 由于司马繇专权
    "cmrc-dev-p00098",  # 原因是比赛过程中
    "cmrc-dev-p00539",  # 「乌兹冲锋枪」
    "cmrc-dev-p00555",  # 分布于西太平洋区
    "cmrc-dev-p00726",  # 澳洲维多利亚州墨尔本
    "cmrc-dev-p00838",  # 眼镜蛇的四至八倍
)


def main(source: Path = SOURCE) -> int:
    if not (source / "passages.jsonl").is_file():
        print(f"找不到 CMRC 2018 数据集 (dataset missing): {source}", file=sys.stderr)
        return 2
    lines = (source / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [line for k, line in enumerate(lines) if k < FIRST or json.loads(line)["pid"] in EXTRA]
    pids = {json.loads(line)["pid"] for line in kept}
    SAMPLE.mkdir(exist_ok=True)
    (SAMPLE / "passages.jsonl").write_text("".join(line + "\n" for line in kept), encoding="utf-8")
    rows = (source / "questions.eval.jsonl").read_text(encoding="utf-8").splitlines()
    ours = [row for row in rows if set(json.loads(row)["gold_ids"]) <= pids]
    (SAMPLE / "questions.eval.jsonl").write_text("".join(row + "\n" for row in ours), encoding="utf-8")
    shutil.copyfile(source / "LICENCE", SAMPLE / "LICENCE")
    print(f"{SAMPLE}: {len(kept)} passages, {len(ours)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE))

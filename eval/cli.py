"""`yearbook-qa eval FILE [--index DIR | --url http://host:port [--api-key KEY]] [--top-k K] [--json] [--report DIR]
[--compare OLD.json]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.eval.harness import Asks, evaluate
from yearbook_qa.eval.metrics import HEADLINE
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.eval.remote import RemoteAnswerer
from yearbook_qa.eval.report import deltas, render_summary, write_report
from yearbook_qa.service.settings import Settings


def run_eval_command(settings: Settings, args: argparse.Namespace) -> int:
    """Score a question set through the answerer; exit 0 unless the run itself failed."""
    if args.top_k < 1:
        raise UserError(f"--top-k 应至少为 1 (must be at least 1), got {args.top_k}")
    questions = load_questions(args.file)
    old = load_previous(args.compare) if args.compare else None
    if args.url:
        answerer: Asks = RemoteAnswerer(args.url, api_key=args.api_key)
    else:
        if args.index:
            settings = settings.model_copy(update={"index_dir": _existing_index(args.index)})

        from yearbook_qa.service.runtime import load_answerer

        answerer = load_answerer(settings)
    result = evaluate(questions, answerer, top_k=args.top_k, progress="eval")
    if args.report:
        out = write_report(result, args.report, title=f"yearbook-qa eval: {Path(args.file).name}", old=old)
        print(f"报告已写入 (report written): {out / 'report.html'}", file=sys.stderr)
    if args.json:
        summary = result.to_dict()
        if old is not None:
            summary["compare"] = {"file": str(args.compare), "delta": deltas(summary, old)}
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(render_summary(result, old))
    return 0


def load_previous(path: str | Path) -> dict:
    """An earlier `eval --json` result (or a report's result.json) to compare against."""
    try:
        old = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: 对比文件不存在 (compare file not found)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise UserError(f"{path}: 不是 eval --json 的结果 (not an eval --json result): {e}") from None
    if not isinstance(old, dict) or not any(k in old for k in HEADLINE):
        raise UserError(f"{path}: 不是 eval --json 的结果 (no metrics in it)")
    return old


def _existing_index(path: str) -> Path:
    index_dir = Path(path)
    if not (index_dir / "manifest.json").is_file():
        raise UserError(
            f"{index_dir}: 不是索引目录 (no index here: manifest.json missing); run `yearbook-qa build` first"
        )
    return index_dir

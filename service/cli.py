"""The `yearbook-qa` command: setup, build, corpus inspect, ask, serve, eval."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence

from pydantic import ValidationError

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.service.settings import Settings


def cmd_setup(settings: Settings, args: argparse.Namespace) -> int:
    """Provision the embedding model (converts the bundled e5 weights once)."""
    from yearbook_qa.index.embedding_model import provision_default_model

    path = provision_default_model(settings.models_dir)
    print(f"嵌入模型已就绪: {path}")
    return 0


def cmd_build(settings: Settings, args: argparse.Namespace) -> int:
    """Build (or incrementally rebuild) the index from the corpus."""
    from yearbook_qa.service.runtime import build

    build(settings)
    return 0


def cmd_corpus_inspect(settings: Settings, args: argparse.Namespace) -> int:
    """Print the recovered outline of a yearbook file or directory."""
    from yearbook_qa.corpus.outline_report import inspect_path

    return inspect_path(args.path, max_chars=settings.passage_max_chars, as_json=args.json)


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    """Answer one question from the index."""
    from yearbook_qa.service.render import render_answer_text
    from yearbook_qa.service.runtime import load_answerer

    result = load_answerer(settings).ask(args.question, top_k=args.top_k or settings.top_k)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_answer_text(result))
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    """Serve the HTTP API, the chat page and the widget."""
    from yearbook_qa.service.server import serve

    serve(settings)
    return 0


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    """Run a question set and print/report the metrics."""
    # eval is the last stage: the CLI reaches it lazily, so service never imports it at load time.
    from yearbook_qa.eval.cli import run_eval_command

    return run_eval_command(settings, args)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="yearbook-qa", description="年鉴问答: question answering over Chinese yearbooks")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("setup", help="provision the default embedding model").set_defaults(func=cmd_setup)
    sub.add_parser("build", help="build the index from the corpus").set_defaults(func=cmd_build)

    corpus = sub.add_parser("corpus", help="corpus tools").add_subparsers(dest="corpus_command", required=True)
    inspect = corpus.add_parser("inspect", help="print the outline recovered from a yearbook")
    inspect.add_argument("path", help="a yearbook file or a directory of them")
    inspect.add_argument("--json", action="store_true", help="print JSON")
    inspect.set_defaults(func=cmd_corpus_inspect)

    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the full result as JSON")
    ask.add_argument("--top-k", type=int, default=None, help="number of citations")
    ask.set_defaults(func=cmd_ask)

    sub.add_parser("serve", help="serve the API, chat page and widget").set_defaults(func=cmd_serve)

    ev = sub.add_parser("eval", help="score a question set")
    ev.add_argument("file", help="question set (JSONL)")
    ev.add_argument("--index", default=None, help="index directory (default: the configured one)")
    ev.add_argument("--url", default=None, help="score a running server through POST /api/ask (http://host:port)")
    ev.add_argument("--api-key", default=None, help="the server's API key, if it needs one")
    ev.add_argument("--top-k", type=int, default=5)
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--report", default=None, help="write report.md and report.html here")
    ev.add_argument("--compare", default=None, help="an earlier --json result to compare against")
    ev.set_defaults(func=cmd_eval)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as e:
        print(f"yearbook-qa: 配置无效 (invalid settings):\n{e}", file=sys.stderr)
        return 2
    func: Callable[[Settings, argparse.Namespace], int] = args.func
    try:
        return func(settings, args)
    except UserError as e:
        print(f"yearbook-qa: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("yearbook-qa: 已中断 (interrupted)", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

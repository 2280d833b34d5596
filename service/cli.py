"""The `yearbook-qa` command: setup, build, corpus inspect, ask, serve, eval."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.service.settings import Settings


def cmd_setup(settings: Settings, args: argparse.Namespace) -> int:
    """Provision the embedding model (converts the bundled e5 weights once, then exports them to ONNX once) and
    the reader (its shipped layers over those weights, exported to ONNX once)."""
    from yearbook_qa.index.embedding_model import provision_default_model
    from yearbook_qa.index.onnx_export import provision_onnx
    from yearbook_qa.service.answering.reader.provision import provision_reader

    path = (
        provision_default_model(settings.models_dir)
        if settings.encoder == "torch"
        else provision_onnx(settings.models_dir)
    )
    print(f"嵌入模型已就绪: {path}")
    if settings.reader != "off":
        provision_onnx(settings.models_dir)  # the reader's tokenizer
        print(f"阅读器已就绪: {provision_reader(settings.models_dir)}")
    return 0


def cmd_build(settings: Settings, args: argparse.Namespace) -> int:
    """Build (or incrementally rebuild) the index from the given yearbooks or the configured corpus."""
    from yearbook_qa.service.runtime import build

    build(settings, paths=[Path(p) for p in args.paths])
    return 0


def cmd_add(settings: Settings, args: argparse.Namespace) -> int:
    """Add one yearbook file to the index (incremental: only its passages are embedded)."""
    from yearbook_qa.corpus import load_corpus
    from yearbook_qa.service.library import add_corpus, report_problems
    from yearbook_qa.service.runtime import configured_embedder

    corpus = load_corpus(
        Path(args.path), max_chars=settings.passage_max_chars
    )  # a bad file fails before the model loads
    report_problems(corpus)
    report = add_corpus(corpus, settings.resolved_index_dir, configured_embedder(settings), ann=settings.ann)
    titles = "、".join(d.title for d in corpus.documents)
    print(
        f"已加入: {titles} ({report.passages} 个段落, 新嵌入 {report.embedded}, 复用 {report.reused})", file=sys.stderr
    )
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

    serve(settings, workers=args.workers)
    return 0


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    """Run a question set and print/report the metrics."""
    # eval is the last stage: the CLI reaches it lazily, so service never imports it at load time.
    from yearbook_qa.eval.cli import run_eval_command

    return run_eval_command(settings, args)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="yearbook-qa", description="年鉴问答: question answering over Chinese yearbooks")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("setup", help="provision the default embedding model").set_defaults(func=cmd_setup)
    build = sub.add_parser("build", help="build the index from yearbook files (default: the configured corpus)")
    build.add_argument(
        "paths", nargs="*", metavar="PATH", help="yearbook files or directories (pdf docx xlsx csv txt md html jsonl)"
    )
    build.add_argument("--index", default=None, help="index directory (default: the configured one)")
    build.set_defaults(func=cmd_build)

    add = sub.add_parser("add", help="add one yearbook file to the index (incremental)")
    add.add_argument("path", help="a yearbook file (or directory); a document of the same name is replaced")
    add.add_argument("--index", default=None, help="index directory (default: the configured one)")
    add.set_defaults(func=cmd_add)

    corpus = sub.add_parser("corpus", help="corpus tools").add_subparsers(dest="corpus_command", required=True)
    inspect = corpus.add_parser("inspect", help="print the outline recovered from a yearbook")
    inspect.add_argument("path", help="a yearbook file or a directory of them")
    inspect.add_argument("--json", action="store_true", help="print JSON")
    inspect.set_defaults(func=cmd_corpus_inspect)

    ask = sub.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the full result as JSON")
    ask.add_argument("--top-k", type=int, default=None, help="number of citations")
    ask.add_argument("--index", default=None, help="index directory (default: the configured one)")
    ask.set_defaults(func=cmd_ask)

    serve = sub.add_parser("serve", help="serve the API, chat page and widget")
    serve.add_argument("--host", default=None, help="address to serve on (default: the configured one)")
    serve.add_argument("--port", type=_port, default=None, help="port to serve on (default: the configured one)")
    serve.add_argument("--index", default=None, help="index directory (default: the configured one)")
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="server processes sharing the index on disk (default 1: one process answers on every core, and each "
        "more holds its own ~500 MB)",
    )
    serve.set_defaults(func=cmd_serve)

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


def _port(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"端口须为 1-65535 的整数 (port must be 1-65535): {value!r}")
    return int(value)


# Command-line flags that stand in front of a setting: setting name -> argparse attribute.
_FLAG_SETTINGS = {"index_dir": "index", "host": "host", "port": "port"}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as e:
        print(f"yearbook-qa: 配置无效 (invalid settings):\n{e}", file=sys.stderr)
        return 2
    flags = {k: getattr(args, f) for k, f in _FLAG_SETTINGS.items() if getattr(args, f, None) is not None}
    if flags and args.command != "eval":  # eval checks its own --index (an index or a URL)
        settings = Settings(**{**settings.model_dump(), **flags})
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

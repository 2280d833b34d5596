"""Reports people read: report.md and a self-contained report.html (chart embedded), plus deltas."""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path

from matplotlib.figure import Figure

from yearbook_qa.eval.harness import EvalResult, QuestionResult
from yearbook_qa.eval.matching import citation_relevant
from yearbook_qa.eval.metrics import HEADLINE, LOWER_IS_BETTER

CHART_METRICS = ("answer_accuracy", "answer_f1", "recall_at_5", "refusal_recall")
SCOPE = (
    "Retrieval metrics score the citations in the order shown (the answer's own passage first), "
    "over answerable questions; accuracy and F1 over answerable ones (a refusal counts as wrong)."
)
SHOWN_CITATIONS = 3  # citations listed under each failed question
CITATION_CHARS = 160  # of each citation's text


def fmt(key: str, value: float | int | None) -> str:
    """A metric as shown: rates to 3 places, latencies in ms to 1 place, '—' when undefined."""
    if value is None:
        return "—"
    if key.startswith("latency"):
        return f"{value:.1f} ms"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def deltas(new: dict, old: dict) -> dict[str, float | None]:
    """new − old for every headline metric (None where either side is undefined)."""
    out: dict[str, float | None] = {}
    for key in HEADLINE:
        a, b = new.get(key), old.get(key)
        out[key] = None if a is None or b is None else round(a - b, 6)
    return out


def headline_rows(metrics: dict, old: dict | None = None) -> list[list[str]]:
    """Rows of the headline table: metric, value (and old value, change) — with 'better/worse' marks."""
    rows = []
    for key in HEADLINE:
        row = [key, fmt(key, metrics.get(key))]
        if old is not None:
            change = deltas(metrics, old)[key]
            row += [fmt(key, old.get(key)), _fmt_delta(key, change)]
        rows.append(row)
    return rows


def _fmt_delta(key: str, change: float | None) -> str:
    if change is None:
        return "—"
    if abs(change) < 1e-9:
        return "±0"
    better = (change < 0) if key in LOWER_IS_BETTER else (change > 0)
    text = f"{change:+.1f} ms" if key.startswith("latency") else f"{change:+.3f}"
    return f"{text} {'▲' if better else '▼'}"


def _headers(old: dict | None) -> list[str]:
    return ["metric", "value"] + (["before", "change"] if old is not None else [])


def _type_rows(result: EvalResult) -> list[list[str]]:
    return _group_rows(result.by_type)


def _document_rows(result: EvalResult) -> list[list[str]]:
    return _group_rows(result.by_document)


def _group_rows(groups: dict[str, dict]) -> list[list[str]]:
    return [[g, str(m["n"])] + [fmt(k, m[k]) for k in CHART_METRICS] for g, m in groups.items()]


def _refusal_rows(result: EvalResult) -> list[list[str]]:
    return [[check, str(n["answerable"]), str(n["unanswerable"])] for check, n in result.refused_by.items()]


REFUSAL_HEADERS = ["refused by (first check)", "answerable (false refusals)", "unanswerable (right refusals)"]


def _given(r: QuestionResult) -> str:
    if not r.outcome.refused:
        return r.answer.answer or ""
    return f"（拒答 / refused: {', '.join(r.answer.refused_by)}）" if r.answer.refused_by else "（拒答 / refused）"


def _citation_lines(r: QuestionResult) -> list[str]:
    lines = []
    for c in r.answer.citations[:SHOWN_CITATIONS]:
        mark = "✓" if r.question.has_gold and citation_relevant(c, r.question) else "✗"
        text = c.text if len(c.text) <= CITATION_CHARS else c.text[:CITATION_CHARS] + "…"
        lines.append(f"[{c.number}] {mark} {c.passage_id} ({c.score:.3f}): {text}")
    return lines


def chart_png(result: EvalResult) -> bytes:
    """A grouped bar chart of the main metrics per question type, as PNG bytes."""
    by_type = result.by_type
    types = list(by_type)
    fig = Figure(figsize=(max(6.0, 1.2 * len(types) + 2), 3.6), dpi=100)
    ax = fig.add_subplot()
    width = 0.8 / len(CHART_METRICS)
    for i, key in enumerate(CHART_METRICS):
        values = [by_type[t][key] or 0.0 for t in types]
        ax.bar([x + i * width for x in range(len(types))], values, width, label=key)
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(types))], [f"{t} ({by_type[t]['n']})" for t in types])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("score")
    ax.set_title("metrics per question type")
    ax.legend(fontsize="small", loc="lower right")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def _md_table(headers: list[str], rows: list[list[str]]) -> str:
    def cell(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render_summary(result: EvalResult, old: dict | None = None) -> str:
    """The headline, per-type, per-document and refusal tables as Markdown (also what `eval` prints without --json)."""
    return "\n\n".join(
        [
            _md_table(_headers(old), headline_rows(result.metrics, old)),
            _md_table(["type", "n", *CHART_METRICS], _type_rows(result)),
            _md_table(["document", "n", *CHART_METRICS], _document_rows(result)),
            *([_md_table(REFUSAL_HEADERS, _refusal_rows(result))] if result.refused_by else []),
        ]
    )


def render_markdown(result: EvalResult, title: str, old: dict | None = None) -> str:
    """report.md: headline, per-type chart (chart.png beside it), every failure."""
    parts = [
        f"# {title}",
        f"{len(result.results)} questions, top_k {result.top_k}. {SCOPE}",
        render_summary(result, old),
        "![metrics per question type](chart.png)",
        f"## Wrong or refused ({len(result.failures)})",
    ]
    for r in result.failures:
        q = r.question
        parts.append(
            "\n".join(
                [
                    f"### {q.id} ({q.type or '-'}) {q.question}",
                    f"- expected: {' / '.join(q.answers) if q.answers else '（无答案 / unanswerable）'}"
                    + (f" (match {q.match})" if q.match == "all" else ""),
                    f"- given: {_given(r)}",
                    f"- evidence: {q.evidence or ', '.join(q.gold_ids) or '—'}",
                    *[f"  - {line}" for line in _citation_lines(r)],
                ]
            )
        )
    return "\n\n".join(parts) + "\n"


def _html_table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
th{background:#f3f3f3}.fail{border-top:1px solid #ddd;padding:.5em 0}.cit{font-size:.9em;color:#555}
img{max-width:100%}"""


def render_html(result: EvalResult, title: str, png: bytes, old: dict | None = None) -> str:
    """report.html: the same content, self-contained (inline CSS, chart as a data: URI)."""
    esc = html.escape
    fails = []
    for r in result.failures:
        q = r.question
        expected = " / ".join(q.answers) if q.answers else "（无答案 / unanswerable）"
        cits = "".join(f"<li class='cit'>{esc(line)}</li>" for line in _citation_lines(r))
        fails.append(
            f"<div class='fail'><b>{esc(q.id)}</b> ({esc(q.type or '-')}) {esc(q.question)}<br>"
            f"expected: <b>{esc(expected)}</b>{' (match all)' if q.match == 'all' else ''}<br>"
            f"given: <b>{esc(_given(r))}</b><br>evidence: {esc(q.evidence or ', '.join(q.gold_ids) or '—')}"
            f"<ol>{cits}</ol></div>"
        )
    img = base64.b64encode(png).decode("ascii")
    return (
        f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{esc(title)}</title>"
        f"<style>{_CSS}</style></head><body><h1>{esc(title)}</h1>"
        f"<p>{len(result.results)} questions, top_k {result.top_k}. {esc(SCOPE)}</p>"
        f"{_html_table(_headers(old), headline_rows(result.metrics, old))}"
        f"{_html_table(['type', 'n', *CHART_METRICS], _type_rows(result))}"
        f"{_html_table(['document', 'n', *CHART_METRICS], _document_rows(result))}"
        f"{_html_table(REFUSAL_HEADERS, _refusal_rows(result)) if result.refused_by else ''}"
        f"<img alt='metrics per question type' src='data:image/png;base64,{img}'>"
        f"<h2>Wrong or refused ({len(result.failures)})</h2>{''.join(fails)}</body></html>\n"
    )


def write_report(result: EvalResult, out_dir: str | Path, title: str, old: dict | None = None) -> Path:
    """Write report.md, chart.png, report.html and result.json (a later --compare input) into out_dir."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    png = chart_png(result)
    (out / "chart.png").write_bytes(png)
    (out / "report.md").write_text(render_markdown(result, title, old), encoding="utf-8")
    (out / "report.html").write_text(render_html(result, title, png, old), encoding="utf-8")
    (out / "result.json").write_text(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return out

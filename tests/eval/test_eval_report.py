"""Reports: report.md and a self-contained report.html with the chart embedded, failures listed, deltas."""

from __future__ import annotations

import base64
import json
import re

from yearbook_qa.eval.report import deltas, write_report

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_report_files_are_written_and_self_contained(dev_result, tmp_path):
    out = write_report(dev_result, tmp_path / "rep", title="dev")
    md = (out / "report.md").read_text(encoding="utf-8")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert (out / "chart.png").read_bytes().startswith(PNG_MAGIC)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    [data] = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", page)
    assert base64.b64decode(data).startswith(PNG_MAGIC)
    for key in ("answer_accuracy", "recall_at_5", "refusal_recall", "latency_ms_p95"):
        assert key in md and key in page
    for r in dev_result.failures:
        assert r.question.id in md and r.question.id in page
        assert r.question.question in md
    assert f"Wrong or refused ({len(dev_result.failures)})" in md
    assert json.loads((out / "result.json").read_text(encoding="utf-8"))["n"] == 30


def test_compare_shows_the_change(dev_result, tmp_path):
    old = dict(dev_result.metrics, answer_accuracy=(dev_result.metrics["answer_accuracy"] or 0) - 0.25)
    change = deltas(dev_result.metrics, old)
    assert change["answer_accuracy"] == 0.25 and change["refusal_recall"] == 0.0
    md = (write_report(dev_result, tmp_path, title="dev", old=old) / "report.md").read_text(encoding="utf-8")
    assert "| metric | value | before | change |" in md
    assert "+0.250 ▲" in md


def test_refusals_are_counted_by_the_check_that_refused_them(dev_result, tmp_path):
    refused = [r for r in dev_result.results if r.outcome.refused]
    assert refused and all(r.answer.refused_by for r in refused)  # every refusal says why
    assert all(not r.answer.refused_by for r in dev_result.results if not r.outcome.refused)
    counts = dev_result.refused_by
    assert sum(n["answerable"] + n["unanswerable"] for n in counts.values()) == len(refused)
    assert sum(n["unanswerable"] for n in counts.values()) == sum(not r.outcome.answerable for r in refused)
    md = (write_report(dev_result, tmp_path, title="dev") / "report.md").read_text(encoding="utf-8")
    for check, n in counts.items():
        assert f"| {check} | {n['answerable']} | {n['unanswerable']} |" in md
    assert json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["refused_by"] == counts

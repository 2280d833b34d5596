"""`yearbook-qa corpus inspect`: the recovered outline, as text and JSON; one clear line for unreadable input."""

from __future__ import annotations

import json
from pathlib import Path

from yearbook_qa.service.cli import main

BUNDLED_YEARBOOK = Path(__file__).resolve().parents[2] / "corpus" / "data" / "jiayuguan-cppcc-yearbook-2023.txt"


def test_inspect_prints_the_outline(capsys):
    assert main(["corpus", "inspect", str(BUNDLED_YEARBOOK)]) == 0
    out = capsys.readouterr().out
    assert "政协嘉峪关市委员会年鉴-2023" in out and "版次 2023" in out and "发表时间 2023-12-1" in out
    for chapter in ("综述", "政协重要会议", "参政议政", "提案建议", "调研视察和文史工作", "委员工作"):
        assert f"\n  {chapter}\n" in out
    assert (
        "表8 嘉峪关市政协十届一次会议重点提案督办一览表: 5 列 (序号 | 案由 | 提案者 | 承办单位 | 领衔督办领导), 5 行"
        in out
    )
    assert "60 段 (其中表格行 30)" in out and "问题 0 个" in out


def test_inspect_json(capsys):
    assert main(["corpus", "inspect", "--json", str(BUNDLED_YEARBOOK)]) == 0
    summary = json.loads(capsys.readouterr().out)
    (doc,) = summary["documents"]
    assert [c["chapter"] for c in doc["chapters"]] == [
        "综述",
        "政协重要会议",
        "参政议政",
        "提案建议",
        "调研视察和文史工作",
        "委员工作",
    ]
    tables = [t for c in doc["chapters"] for e in c["entries"] for t in e["tables"]]
    assert [(t["caption"][:2], len(t["headers"]), t["rows"]) for t in tables] == [
        ("表6", 3, 5),
        ("表7", 3, 11),
        ("表8", 5, 5),
        ("表9", 3, 9),
    ]
    assert (summary["passages"], summary["table_rows"], summary["problems"]) == (60, 30, [])


def test_inspect_reports_problems_and_unreadable_input(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["corpus", "inspect", str(empty)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1 and str(empty) in captured.err
    (tmp_path / "good.txt").write_text("某市年鉴-2020\n综述\n【概况】2019年，全年开会3次。\n", encoding="utf-8")
    assert main(["corpus", "inspect", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "【概况】 1 段" in out and "问题 1 个" in out and str(empty) in out

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
    chapters = {
        "综述": "2022",  # a review chapter: the year before the edition
        "政协重要会议": "2022-2023",
        "参政议政": "2021-2022",
        "提案建议": "2021-2022",
        "调研视察和文史工作": "2022",
        "委员工作": "2022",
    }
    for chapter, years in chapters.items():
        assert f"\n  {chapter}  年份 {years}\n" in out
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


def test_inspect_shows_heading_chains_title_block_and_years(capsys):
    report = Path(__file__).resolve().parents[2] / "eval" / "corpora" / "editions" / "2017年政府工作报告.txt"
    assert main(["corpus", "inspect", str(report)]) == 0
    out = capsys.readouterr().out
    assert "版次 2017  发表时间 2017年3月5日" in out
    assert "副标题 ——2017年3月5日在第十二届全国人民代表大会第五次会议上" in out and "署名 国务院总理李克强" in out
    assert "\n  一、2016年工作回顾  年份 " in out and "\n    （九）全面加强政府自身建设  年份 " in out
    assert "问题 0 个" in out
    assert main(["corpus", "inspect", "--json", str(report)]) == 0
    (doc,) = json.loads(capsys.readouterr().out)["documents"]
    review = next(c for c in doc["chapters"] if c["chapter"] == "一、2016年工作回顾")
    assert 2016 in review["years"]

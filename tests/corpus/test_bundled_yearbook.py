"""The bundled yearbook: every row of 表6-表9 exactly, the outline, spans, years."""

from __future__ import annotations

from pathlib import Path

import pytest

from yearbook_qa.corpus.reading import read_outline

BUNDLED_YEARBOOK = Path(__file__).resolve().parents[2] / "corpus" / "data" / "jiayuguan-cppcc-yearbook-2023.txt"

# Every data row of the four tables, cell by cell, as printed in the yearbook (表9 row 8's date is split over two lines).
TABLE_6 = [
    (
        "市政协十届一次常委会会议",
        "2月28日",
        "学习《中国人民政治协商会议章程》、习近平总书记关于加强和改进人民政协工作的重要思想和2022年省“两会”精神,协商通过《政协嘉峪关市第十届委员会常务委员会2022年工作要点》《政协嘉峪关市委员会2022年度协商和民主监督计划》《政协嘉峪关市委员会常务委员会工作规则》《政协嘉峪关市委员会委员履职工作规则》《政协嘉峪关市委员会委员履职考核评价办法《政协嘉峪关市第十届委员会常务委员会关于机构设置的决定》《政协嘉峪关市第十届委员会各专门委员会主任、副主任名单》",
    ),
    (
        "市政协推动“酒嘉双城经济圈”建设专题议政性常委会",
        "3月22日",
        "听取推动“酒嘉双城经济圈”建设调研考察情况的汇报。6名政协常委会组成人员作大会交流发言,13名政协常委提交书面发言材料。市发展改革委、商务局、工业园区管委会、工信局、交通运输局等部门负责同志对政协常委提出的意见建议作回应",
    ),
    (
        "市政协十届二次常委会会议",
        "6月30日",
        "传达学习《中国共产党政治协商工作条例》和省第十四次党代会精神,协商通过《政协嘉峪关市委员会专门委员会通则》,协商通过人事事项",
    ),
    (
        "市政协政协“围绕‘三地两点’功能定位,广泛凝聚共识”专题议政性常委会",
        "9月22日",
        "传达学习市委十二届五次全会精神;听取市政府今年前8个月全市经济社会发展情况的通报;协商通过《“围绕‘三地两点’功能定位,广泛凝聚共识”建议案》,“围绕‘三地两点’功能定位,广泛凝聚共识”议题建言献策;市发展改革委、工信局、文旅局、商务局等部门负责同志围绕大会发言作互动交流",
    ),
    (
        "市政协十届五次常委会会议",
        "12月28日",
        "听取2022年市委部门办理市政协十届一次会议提案及市委领导批示的市政协建议案等办理情况的通报,听取2022年市政府关于市政协十届一次会议提案及市政府领导批示的市政协建议案等办理情况的通报,协商通过《关于召开政协嘉峪关市第十届委员会第二次会议的决定》《政协嘉峪关市第十届委员会第二次会议议程(草案)》《政协嘉峪关市第十届委员会第二次会议日程》《政协嘉峪关市第十届委员会常务委员会工作报告》《政协嘉峪关市第十届委员会常务委员会关于十届一次会议以来提案工作情况的报告》及报告人,协商通过有关人事事项",
    ),
]

TABLE_7 = [
    (
        "十届一次主席会议",
        "2月14日",
        "学习《中国人民政治协商会议章程》、习近平总书记关于加强和改进人民政协工作的重要思想,审议通过《政协嘉峪关市第十届委员会常务委员会2022年工作要点》《政协嘉峪关市委员会2022年度协商和民主监督计划》《政协嘉峪关市委员会关于进一步加强自身建设的意见》《政协嘉峪关市委员会常务委员会工作规则》,审定《政协嘉峪关市委员会主席会议工作规则》《政协嘉峪关市第十届委员会各专门委员会组成人员名单》,审议通过市政协十届一次常委会议建议议程",
    ),
    (
        "十届二次主席会议",
        "2月25日",
        "审议通过《政协嘉峪关市委员会委员履职工作规则》《政协嘉峪关市委员会常务委员述职办法》《政协嘉峪关市委员会委员履职考核评价办法》《政协嘉峪关市第十届委员会常务委员会关于设置工作机构的决定(草案)》《政协嘉峪关市第十届委员会各专门委员会主任、副主任名单(草案)》",
    ),
    (
        "十届三次主席会议",
        "3月17日",
        "审议通过《政协嘉峪关市委员会2022年委员学习培训计划》《关于开展“嘉事好商量、三有在基层”活动工作方案》《市政协主席会议成员参加基层政协协商议事包抓指导安排》《市政协委员参加基层政协协商议事名单》《市政协专门委员会参加基层政协协商议事对接安排》《市政协十届一次会议重点提案目录》《市政协内部出版物报酬支付管理制度》《2022年“书香政协”建设读书活动实施方案》",
    ),
    (
        "十届四次主席会议",
        "3月29日",
        "审议通过《市政协十届一次会议重点提案目录》《政协嘉峪关市委员会优秀提案评选表彰办法(试行)》《关于推动“酒嘉双城经济圈”建设的建议案》",
    ),
    (
        "十届五次主席会议",
        "6月14日",
        "审议通过《关于嘉峪关市企业营商环境专题调研情况的报告》,审议通过《关于加快推进嘉峪关市国家高新区创建工作的建议》和《政协嘉峪关市委员会专门委员会工作通则》《政协嘉峪关市委员会社情民意信息工作管理办法》",
    ),
    (
        "十届六次主席会议",
        "6月23日",
        "审议通过《政协嘉峪关市第十届委员会常务委员会第二次会议建议议程》,听取部分市政协委员赴南梁培训有关事宜的汇报",
    ),
    ("十届七次主席会议", "6月30日", "协商通过提交市政协十届二次常委会议审议的人事事项"),
    (
        "十届八次主席会议",
        "7月12日",
        "听取办公室、委员委以及各专委会上半年工作总结及下半年工作计划的汇报,审议通过《关于全市粮食安全工作情况的监督性视察报告》",
    ),
    (
        "党组(扩大)会议暨十届九次主席会议",
        "9月16日",
        "专题学习《习近平谈治国理政》第四卷有关专题,传达学习市委、市政府《嘉峪关市贯彻落实“四强”行动实施意见》的通知精神,研究部署市政协系统贯彻落实意见,审议《“围绕‘三地两点’功能定位,广泛凝聚共识”建议案》(草案),审议通过《政协嘉峪关市委员会关于联系界别委员的暂行办法》和《关于探索新型农村社区居住模式的调研报告》",
    ),
    (
        "市政协党组(扩大)会议暨十届十次主席会议",
        "11月10日",
        "听取关于召开政协嘉峪关市第十届委员会第二次会议有关事宜的汇报。审议通过《关于“提升社区自治水平,夯实基层治理基础”的调研报告》和《关于“激发文艺战线活力,厚植城市人文底蕴”的调研报告》",
    ),
    (
        "市政协十届十一次主席会议",
        "12月27日",
        "听取市政协十届五次常委会筹备情况的汇报,审议通过《关于召开政协嘉峪关市第十届委员会第二次会议的决定(草案)》《政协嘉峪关市第十届委员会第二次会议议程(草案)》《政协嘉峪关市第十届委员会第二次会议日程》《政协嘉峪关市第十届委员会常务委员会工作报告》《政协嘉峪关市第十届委员会常务委员会关于十届一次会议以来提案工作情况的报告》,宣读《中共嘉峪关市委关于提名政协嘉峪关市第十届委员会委员建议人选的通知》,会议决定政协嘉峪关市第十届委员会常务委员会第五次会议于2022年12月28日召开,会期半天",
    ),
]

TABLE_8 = [
    ("1", "关于进一步加强中小学生心理健康教育的提案", "民建嘉峪关市基层委员会", "市教育局", "杨录祥"),
    ("2", "关于推动全域城市化,助推乡村振兴的提案", "民革嘉峪关市委员会", "市农业农村局", "孟雅奇"),
    (
        "3",
        "关于依靠科技手段提高长城文化遗产传承保护水平的提案",
        "薛芹菜等5人",
        "大景区管委会(丝路长城文化研究院)",
        "王 林",
    ),
    ("4", "关于大力扶持科技型小微企业发展的提案", "农工党嘉峪关基层委员会", "市科技局", "阮 强"),
    ("5", "关于解决老旧小区改造遗留问题并完善功能的提案", "马妍", "市房产服务中心", "崔明瑞"),
]

TABLE_9 = [
    (
        "2月21日至23日",
        "开展“围绕酒泉、嘉峪关双城经济圈建设”专题议政调研",
        "中共嘉峪关市政协党组关于报送《关于推动“酒嘉双城经济圈”建设的建议案》的报告",
    ),
    (
        "3月30日",
        "开展“增强科技创新能力,加快国家高新区建设”专题调研",
        "中共嘉峪关市政协党组关于上报《加快推进嘉峪关市国家高新区创建工作的建议》的报告",
    ),
    (
        "6月8日",
        "开展“围绕全市粮食安全工作”监督性视察",
        "中共嘉峪关市政协党组关于报送《关于全市粮食安全工作监督性视察情况的报告》的报告",
    ),
    (
        "6月8日、14日",
        "开展“探索新型农村社区居住模式”专题调研",
        "中共嘉峪关市政协党组关于上报《关于探索新型农村社区居住模式的调研报告》的报告",
    ),
    (
        "6月9日至10日",
        "开展“嘉峪关市优化民营企业营商环境”专题调研",
        "中共嘉峪关市政协党组《关于嘉峪关市企业营商环境专题调研情况的报告》",
    ),
    (
        "8月25日",
        "开展“激发文艺战线活力,厚植城市人文底蕴”专题调研",
        "中共嘉峪关市政协党组关于上报《关于“激发文艺战线活力,厚植城市人文底蕴”的调研报告》的报告",
    ),
    (
        "8月25日",
        "开展“提升社区自治水平,夯实基层治理基础”专题调研",
        "中共嘉峪关市政协党组关于上报《关于“提升社区自治水平,夯实基层治理基础”的调研报告》的报告",
    ),
    (
        "9月6日",
        "开展“围绕‘三地两点’功能定位,广泛凝聚共识”专题议政调研",
        "中共嘉峪关市政协党组关于报送《关于围绕“三地两点”功能定位,广泛凝聚共识的建议案》的报告",
    ),
    (
        "9月27日",
        "开展“深入实施‘四强’行动,推动经济高质量发展”专题调研",
        "中共嘉峪关市政协党组关于关于上报<关于深入实施“四强”行动,加快推动经济社会高质量发展的调研报告>的报告",
    ),
]

TABLES = {
    "表6 2022年嘉峪关市政协十届常委会会议一览表": (("会议名称", "会议时间", "会议内容"), TABLE_6),
    "表7 2022年嘉峪关市政协十届主席会议一览表": (("会议名称", "会议时间", "会议内容"), TABLE_7),
    "表8 嘉峪关市政协十届一次会议重点提案督办一览表": (("序号", "案由", "提案者", "承办单位", "领衔督办领导"), TABLE_8),
    "表9 2022年嘉峪关市政协开展调研活动一览表": (("调研日期", "调研内容", "调研成果"), TABLE_9),
}
TABLE_ENTRIES = {"表6": "常务委员会会议", "表7": "主席会议", "表8": "提案建议办理", "表9": "调研视察"}


@pytest.fixture(scope="module")
def corpus(bundled_corpus):
    return bundled_corpus


def _rows(corpus, caption):
    return [p for p in corpus.passages if p.table == caption]


def test_document_metadata(corpus):
    (doc,) = corpus.documents
    assert (doc.id, doc.title, doc.year, doc.published) == (
        "jiayuguan-cppcc-yearbook-2023",
        "政协嘉峪关市委员会年鉴-2023",
        2023,
        "2023-12-1",
    )
    assert corpus.problems == []


@pytest.mark.parametrize("caption", list(TABLES))
def test_every_table_row_exactly(corpus, caption):
    headers, expected = TABLES[caption]
    rows = _rows(corpus, caption)
    assert [p.row for p in rows] == list(range(1, len(expected) + 1))
    assert [tuple(p.cells.values()) for p in rows] == expected
    for p, values in zip(rows, expected, strict=False):
        assert tuple(p.cells) == headers
        assert p.text == " | ".join([caption] + [f"{h}: {v}" for h, v in zip(headers, values, strict=False)])
        assert p.entry == TABLE_ENTRIES[caption[:2]]


def test_table_row_text_and_cells_as_the_answerer_needs_them(corpus):
    row = _rows(corpus, "表8 嘉峪关市政协十届一次会议重点提案督办一览表")[0]
    assert row.text == (
        "表8 嘉峪关市政协十届一次会议重点提案督办一览表 | 序号: 1 | 案由: 关于进一步加强中小学生心理健康教育的提案"
        " | 提案者: 民建嘉峪关市基层委员会 | 承办单位: 市教育局 | 领衔督办领导: 杨录祥"
    )
    assert row.chapter == "提案建议" and row.is_table_row
    split_date = _rows(corpus, "表9 2022年嘉峪关市政协开展调研活动一览表")[7]
    assert split_date.cells["调研日期"] == "9月6日"
    assert _rows(corpus, "表8 嘉峪关市政协十届一次会议重点提案督办一览表")[2].cells["领衔督办领导"] == "王 林"


def test_row_span_covers_the_rows_lines(corpus):
    text = corpus.documents[0].text
    split_date = _rows(corpus, "表9 2022年嘉峪关市政协开展调研活动一览表")[7]
    assert text[split_date.span[0] : split_date.span[1]] == (
        "9月6日\n|\n开展“围绕‘三地两点’功能定位,广泛凝聚共识”专题议政调研 |\n"
        "中共嘉峪关市政协党组关于报送《关于围绕“三地两点”功能定位,广泛凝聚共识的建议案》的报告 |"
    )
    for p in corpus.passages:
        if p.is_table_row:
            source = text[p.span[0] : p.span[1]]
            assert all(v.replace(" ", "") in source.replace("\n", "").replace(" ", "") for v in p.cells.values())


def test_outline_chapters_and_entries(corpus):
    outline = read_outline(BUNDLED_YEARBOOK)
    assert outline.chapters == ["综述", "政协重要会议", "参政议政", "提案建议", "调研视察和文史工作", "委员工作"]
    entries = list(dict.fromkeys((p.chapter, p.entry) for p in corpus.passages))
    assert entries == [
        ("综述", "思想政治建设"),
        ("综述", "协商民主"),
        ("综述", "调研视察"),
        ("综述", "参政议政"),
        ("综述", "制度建设"),
        ("综述", "团结联谊工作"),
        ("政协重要会议", "十届二次会议"),
        ("政协重要会议", "常务委员会会议"),
        ("政协重要会议", "主席会议"),
        ("参政议政", "“酒嘉双城经济圈”建设专题议政协商"),
        ("参政议政", "“围绕‘三地两点’功能定位,广泛凝聚共识”专题议政协商"),
        ("参政议政", "政协协商向基层延伸"),
        ("提案建议", "提案建议征集"),
        ("提案建议", "提案建议办理"),
        ("调研视察和文史工作", "调研视察"),
        ("调研视察和文史工作", "文史工作"),
        ("委员工作", "委员变动"),
        ("委员工作", "委员培训"),
        ("委员工作", "委员履职"),
    ]


def test_untitled_paragraphs_stay_with_their_entry(corpus):
    meeting = [p for p in corpus.passages if p.entry == "十届二次会议"]
    assert [p.text[:7] for p in meeting] == ["【十届二次会议", "第一次全体会议", "列席市第十一届", "第二次全体会议"]
    assert any("实到135名" in p.text for p in meeting)
    credit = next(p for p in corpus.passages if "杨永民供稿" in p.text)
    assert (credit.chapter, credit.entry) == ("委员工作", "委员履职")


def test_prose_is_the_source_slice_and_bounded(corpus):
    text = corpus.documents[0].text
    prose = [p for p in corpus.passages if not p.is_table_row]
    assert len(prose) == 30 and len(corpus.passages) == 60
    for p in prose:
        assert p.text == text[p.span[0] : p.span[1]]
        assert 0 < len(p.text) <= 300
        assert p.text[-1] in "。！？；;!?)）" or p.text.endswith("供稿)")


def test_headings_captions_and_furniture_are_not_passages(corpus):
    texts = [p.text for p in corpus.passages]
    assert not any(t.startswith(("上篇", "下篇", "发表时间", "综述")) for t in texts)
    outline = read_outline(BUNDLED_YEARBOOK)
    text = outline.document.text
    assert [text[s:e] for s, e in outline.dropped_spans] == ["上篇:", "下篇:"]
    structure = {text[s:e] for s, e in outline.structure_spans}
    assert {"表6 2022年嘉峪关市政协十届常委会会议一览表", "序号 |", "领衔督办领导 |", "发表时间:2023-12-1"} <= structure


def test_years_spoken_of(corpus):
    rows = _rows(corpus, "表6 2022年嘉峪关市政协十届常委会会议一览表")
    assert all(p.year == 2023 and 2022 in p.years for p in rows)
    opening = next(p for p in corpus.passages if p.entry == "十届二次会议")
    assert opening.years == (2023,)
    collection = next(p for p in corpus.passages if p.entry == "提案建议征集")
    assert collection.years[0] == 2021
    assert _rows(corpus, "表8 嘉峪关市政协十届一次会议重点提案督办一览表")[0].years == ()

"""Numbered lists whose items stand in passages of their own, read from a real regulation."""

from __future__ import annotations

from yearbook_qa.service.answering.enumeration import announced_at, enumerated_items


def _article(answerer, opening: str):
    """The passage that opens with `opening` and the passages after it."""
    first = next(p for p in answerer.index.passages if p.text.startswith(opening))
    return first, answerer.index.following(first.id, 20)


def test_an_announced_list_is_read_across_the_passages_that_go_on_counting(injury_law):
    first, following = _article(injury_law, "第十六条")
    at = announced_at("哪些情形不得认定为工伤", first.text, 0, len(first.text))
    assert at is not None and first.text[at:].startswith("(一)")
    items = enumerated_items(first, at, following)
    assert [p.text[start:end] for p, start, end in items] == ["故意犯罪", "醉酒或者吸毒", "自残或者自杀"]
    assert items[1][0] is following[0]  # the next article (第十七条) is not read as a fourth item


def test_a_list_of_other_things_or_a_sentence_without_下列_announces_nothing(injury_law):
    first, _ = _article(injury_law, "第十六条")
    assert announced_at("哪些人不得认定为工伤", first.text, 0, len(first.text)) is None  # 下列情形, not people
    first, _ = _article(injury_law, "第十七条")
    assert announced_at("哪些情形", first.text, 0, len(first.text)) is None


def test_a_list_question_is_answered_with_every_item_and_cites_the_item_passages(injury_law):
    answer = injury_law.ask("职工有哪些情形不得认定为工伤或者视同工伤？")
    assert answer.answerable
    for item in ("故意犯罪", "醉酒或者吸毒", "自残或者自杀"):
        assert item in answer.answer
    own = [c for c in answer.citations if c.is_answer]
    assert own[0].text.startswith("第十六条") and len(own) == 3
    assert all(c.text[c.highlights[0][0] : c.highlights[0][1]] in answer.answer for c in own)

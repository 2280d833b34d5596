"""BM25 over the bundled yearbook: scores match bm25s's own scorer; search is restricted by masks."""

import numpy as np
import pytest

from yearbook_qa.index.lexical_index import LexicalIndex, lexical_text


@pytest.fixture(scope="module")
def lexical(bundled_corpus):
    return LexicalIndex.build([lexical_text(p) for p in bundled_corpus.passages])


def test_indexed_text_names_chapter_and_entry_once(bundled_corpus):
    prose = [p for p in bundled_corpus.passages if p.entry and not p.is_table_row]
    opening = next(p for p in prose if p.text.startswith(f"【{p.entry}】"))
    inside = next(p for p in prose if not p.text.startswith("【"))
    assert lexical_text(opening) == f"{opening.chapter} | {opening.text}"
    assert lexical_text(inside) == f"{inside.chapter} | 【{inside.entry}】 | {inside.text}"
    row = next(p for p in bundled_corpus.passages if p.is_table_row)
    assert lexical_text(row).count(row.table) == 1 and lexical_text(row).endswith(row.text)


@pytest.mark.parametrize("query", ["十届二次会议实到多少名委员", "市政协主席会议审议通过了什么", "酒嘉双城经济圈"])
def test_scores_equal_the_bm25s_reference(lexical, query):
    reference = lexical.bm25.get_scores(lexical.tokenizer(query))
    np.testing.assert_allclose(lexical.scores(query), reference, rtol=1e-5, atol=1e-6)


def test_search_ranks_the_passage_that_holds_the_words_first(lexical, bundled_corpus):
    rows, scores = lexical.search("大会应到市政协委员176名", depth=5)
    assert "176" in bundled_corpus.passages[rows[0]].text
    assert list(scores) == sorted(scores, reverse=True)


def test_a_query_without_known_tokens_finds_nothing(lexical):
    rows, _ = lexical.search("zzqx 𪚥", depth=5)
    assert len(rows) == 0


def test_mask_excludes_rows_before_the_cut(lexical, bundled_corpus):
    unmasked, _ = lexical.search("委员", depth=5)
    mask = np.ones(len(bundled_corpus.passages), dtype=bool)
    mask[unmasked] = False
    rows, _ = lexical.search("委员", depth=5, mask=mask)
    assert len(rows) == 5 and not set(rows) & set(unmasked)


def test_save_and_load_keep_the_scores(lexical, tmp_path):
    lexical.save(tmp_path / "bm25")
    np.testing.assert_allclose(LexicalIndex.load(tmp_path / "bm25").scores("委员会议"), lexical.scores("委员会议"))

"""The BM25 tokenizer: jieba words plus character bigrams, numbers and latin words whole."""
from yearbook_qa.index.tokenizer import ChineseTokenizer


def test_words_and_bigrams_of_a_chinese_run():
    tokens = ChineseTokenizer()("全体会议应到委员")
    assert {"全体会议", "委员"} <= set(tokens)                       # jieba words
    assert {"全体", "体会", "会议", "议应", "应到", "到委"} <= set(tokens)  # every adjacent pair
    assert "全体会议应到委员" not in tokens                            # never the whole run as one token


def test_numbers_and_latin_words_are_kept_whole_and_normalised():
    tokens = ChineseTokenizer()("２０２３年GDP增长5.3%，实到135名")
    assert {"2023", "gdp", "5.3%", "135"} <= set(tokens)
    assert "13" not in tokens and "35" not in tokens


def test_question_words_are_dropped():
    tokens = ChineseTokenizer()("实到多少名委员？")
    assert "多少" not in tokens
    assert {"实到", "委员"} <= set(tokens)


def test_queries_and_passages_share_tokens():
    tok = ChineseTokenizer()
    passage = set(tok("大会应到市政协委员176名,实到135名。"))
    query = set(tok("实到多少名委员"))
    assert {"实到", "委员"} <= passage & query

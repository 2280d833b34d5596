"""The BM25 tokenizer: jieba words plus character bigrams, numbers and latin words whole, question words out."""

from yearbook_qa.index.tokenizer import ChineseTokenizer


def test_words_and_bigrams_of_a_chinese_run():
    tokens = ChineseTokenizer()("全体会议应到委员")
    assert {"全体会议", "委员"} <= set(tokens)  # jieba words
    assert {"全体", "体会", "会议", "议应", "应到", "到委"} <= set(tokens)  # every adjacent pair
    assert "全体会议应到委员" not in tokens  # never the whole run as one token


def test_numbers_and_latin_words_are_kept_whole_and_normalised():
    tokens = ChineseTokenizer()("２０２３年GDP增长5.3%，实到135名")
    assert {"2023", "gdp", "5.3%", "135"} <= set(tokens)
    assert "13" not in tokens and "35" not in tokens


def test_question_words_are_dropped_and_no_bigram_spans_them():
    tokens = ChineseTokenizer()("作为建议处理的提案有多少件？是哪天召开的")
    assert {"作为", "建议", "处理", "提案", "召开", "议处"} <= set(tokens)
    assert not {"多少", "有多", "少件", "理的", "的提", "哪天", "是哪", "天召", "开的"} & set(tokens)


def test_words_starting_with_a_question_character_are_question_words():
    tokens = set(ChineseTokenizer()("开展了几次监督性视察，培训班举办了几期"))
    assert {"监督", "视察", "培训班", "举办"} <= tokens
    assert not {"几次", "几期", "了几"} & tokens


def test_a_space_padding_a_two_character_name_is_not_a_word_break():
    assert "王林" in ChineseTokenizer()("领衔督办领导: 王 林 |")
    assert "王林" in ChineseTokenizer()("王林督办的是哪件提案？")


def test_queries_and_passages_share_tokens():
    tok = ChineseTokenizer()
    passage = set(tok("大会应到市政协委员176名,实到135名。"))
    query = set(tok("实到多少名委员"))
    assert {"实到", "委员"} <= passage & query

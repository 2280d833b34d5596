"""Windows: every token's characters are the passage's own, and slices of a long passage cover it all."""

from __future__ import annotations

import pytest

from yearbook_qa.index.onnx_export import TOKENIZER, provision_onnx
from yearbook_qa.service.answering.reader.windows import MAX_QUESTION, WindowMaker


@pytest.fixture(scope="module")
def maker(settings, model_path) -> WindowMaker:
    return WindowMaker(provision_onnx(settings.models_dir) / TOKENIZER)


def test_token_offsets_are_the_passage_characters(maker, bundled_corpus):
    """Full-width digits, 《》 titles and Latin letters: a token's span reads back as the text it came from."""
    for p in bundled_corpus.passages[:40]:
        ids, starts, ends = maker.pieces(p.text)
        assert len(ids) == len(starts) == len(ends)
        assert all(0 <= s < e <= len(p.text) for s, e in zip(starts, ends, strict=True))
        covered = "".join(p.text[s:e] for s, e in zip(starts, ends, strict=True))
        assert covered.replace(" ", "") == p.text.replace(" ", "").replace("\u3000", "").replace("\n", "")


def test_long_passage_is_read_in_overlapping_slices(settings, model_path, bundled_corpus):
    small = WindowMaker(provision_onnx(settings.models_dir) / TOKENIZER, max_tokens=64, stride=16)
    text = "".join(p.text for p in bundled_corpus.passages[:6])
    windows = small.windows("政协委员有多少名？", text)
    assert len(windows) > 2 and all(len(w.ids) <= 64 for w in windows)
    seen = [(int(s), int(e)) for w in windows for s, e in zip(w.starts, w.ends, strict=True) if s >= 0]
    assert sorted(set(seen)) == sorted(zip(*small.pieces(text)[1:], strict=True))  # every token read
    first = [(s, e) for s, e in zip(windows[0].starts, windows[0].ends, strict=True) if s >= 0]
    second = [(s, e) for s, e in zip(windows[1].starts, windows[1].ends, strict=True) if s >= 0]
    assert first[-16:] == second[:16]  # `stride` tokens shared


def test_question_is_cut_but_passage_tokens_stay_in_place(maker):
    w = maker.windows("为什么" * 200, "本条例自2024年1月1日起施行。")[0]
    head = int((w.starts < 0).sum())
    assert head <= MAX_QUESTION + 4  # <s>, </s></s> and the final </s>
    assert "".join("本条例自2024年1月1日起施行。"[s:e] for s, e in zip(w.starts, w.ends, strict=True) if s >= 0)

"""Where an answer shows in a citation's text, for highlighting."""

from __future__ import annotations


def occurrences(text: str, answer: str) -> list[tuple[int, int]]:
    """[start, end) of every occurrence of the answer in the text (whole answer, or each 、-item of a list)."""
    parts = [answer] if answer in text else [p for p in answer.split("、") if len(p) >= 2]
    spans: list[tuple[int, int]] = []
    for part in parts:
        at = text.find(part)
        while at >= 0:
            spans.append((at, at + len(part)))
            at = text.find(part, at + len(part))
    return sorted(spans)

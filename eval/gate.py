"""The CI gate: headline metrics of each gated question set held against eval/thresholds.json."""

from __future__ import annotations

import json
from pathlib import Path

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.json"
REPO = THRESHOLDS.parent.parent


def gated_sets(path: str | Path = THRESHOLDS) -> dict[str, Path]:
    """{set name: question file} for every set the gate holds (own, blind …)."""
    sets = json.loads(Path(path).read_text(encoding="utf-8"))["sets"]
    return {name: REPO / entry["questions"] for name, entry in sets.items()}


def gated_corpus(question_set: str, path: str | Path = THRESHOLDS) -> Path | None:
    """The corpus a gated set asks about (its "corpus" key), or None for the bundled yearbook."""
    entry = json.loads(Path(path).read_text(encoding="utf-8"))["sets"][question_set]
    return REPO / entry["corpus"] if "corpus" in entry else None


def load_thresholds(question_set: str = "own", path: str | Path = THRESHOLDS) -> dict[str, dict[str, float]]:
    """{"min": {metric: floor}, "max": {metric: ceiling}} for one gated set; other keys are notes."""
    entry = json.loads(Path(path).read_text(encoding="utf-8"))["sets"][question_set]
    return {"min": dict(entry.get("min", {})), "max": dict(entry.get("max", {}))}


def breaches(metrics: dict, thresholds: dict[str, dict[str, float]]) -> list[str]:
    """Every headline metric past its threshold (an undefined metric is a breach), as readable lines."""
    out = []
    for key, floor in thresholds["min"].items():
        value = metrics.get(key)
        if value is None or value < floor:
            out.append(f"{key} = {value} < {floor} (minimum)")
    for key, ceiling in thresholds["max"].items():
        value = metrics.get(key)
        if value is None or value > ceiling:
            out.append(f"{key} = {value} > {ceiling} (maximum)")
    return out

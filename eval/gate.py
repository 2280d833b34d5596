"""The CI gate: headline metrics held against the thresholds in eval/thresholds.json."""
from __future__ import annotations

import json
from pathlib import Path

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.json"


def load_thresholds(path: str | Path = THRESHOLDS, question_set: str | None = None) -> dict[str, dict[str, float]]:
    """{"min": {metric: floor}, "max": {metric: ceiling}} for the own set, or for another set kept under
    "sets" (e.g. "blind"); other keys are notes."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if question_set is not None:
        data = data["sets"][question_set]
    return {"min": dict(data.get("min", {})), "max": dict(data.get("max", {}))}


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

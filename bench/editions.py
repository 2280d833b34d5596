"""Multi-edition retrieval quality: ten consecutive work reports (2010-2019 editions) in one index.

Most questions ask about a year that only the next edition reviews ("2009年…" is answered by the 2010 report's
过去一年 text). Scored with and without year-aware ranking (index.year_preference) over the same index, in one
run, by the index alone (each search mode) and through the answerer (its citations, as the API returns them,
and its answers): `python -m bench.editions` alone, or inside `make bench` (bench.run's quality run).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from yearbook_qa.corpus import load_corpus
from yearbook_qa.eval.harness import evaluate
from yearbook_qa.eval.matching import normalize
from yearbook_qa.eval.metrics import recall_at_k, reciprocal_rank
from yearbook_qa.eval.question_set import load_questions
from yearbook_qa.index import HybridIndex, build_index
from yearbook_qa.index.embedding_model import load_embedder
from yearbook_qa.service.answering.answerer import Answerer
from yearbook_qa.service.settings import Settings

REPO = Path(__file__).resolve().parent.parent
EDITIONS = REPO / "eval" / "corpora" / "editions"
EDITIONS_QUESTIONS = REPO / "eval" / "questions" / "editions_questions.jsonl"
MODES = ("lexical", "dense", "hybrid")


def measure_editions(work: Path, embedder, fusion: dict) -> dict:
    """Recall@1/5 and MRR@10 of each search mode, and the answerer's citation Recall@1/5 and answer accuracy,
    with and without year-awareness, on the editions set."""
    corpus = load_corpus(EDITIONS)
    built = build_index(corpus.passages, work / "quality-editions", embedder, progress=False)
    index = HybridIndex.load(built.index_dir, embedder, **fusion)
    questions = [
        json.loads(line) for line in EDITIONS_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    scored = [
        (q["question"], normalize(q["evidence"])) for q in questions if q.get("evidence") and q.get("answerable", True)
    ]
    out: dict = {"questions": len(scored), "passages": built.passages, "documents": len(corpus.documents)}
    answerer = Answerer(index)
    for aware in (True, False):
        index.year_aware = aware
        side = out["year_aware" if aware else "year_blind"] = {mode: _score(index, scored, mode) for mode in MODES}
        side["answerer"] = _answered(answerer)
    index.year_aware = True
    return out


def _answered(answerer: Answerer) -> dict:
    """The answerer's citations (Recall@1/5 in the order the API returns them) and answers."""
    m = evaluate(load_questions(EDITIONS_QUESTIONS), answerer, top_k=5).metrics
    return {k: round(m[k], 4) for k in ("recall_at_1", "recall_at_5", "answer_accuracy")}


def _score(index: HybridIndex, questions: list[tuple[str, str]], mode: str) -> dict:
    r1 = r5 = mrr = 0.0
    for question, evidence in questions:
        relevance = [evidence in normalize(h.passage.text) for h in index.search(question, k=10, mode=mode)]
        r1 += recall_at_k(relevance, 1)
        r5 += recall_at_k(relevance, 5)
        mrr += reciprocal_rank(relevance, 10)
    n = len(questions)
    return {"recall_at_1": round(r1 / n, 4), "recall_at_5": round(r5 / n, 4), "mrr_at_10": round(mrr / n, 4)}


def main() -> int:
    settings = Settings()
    embedder = load_embedder(settings.embedding_model, settings.models_dir, threads=settings.threads)
    fusion = {
        "fusion": settings.fusion,
        "dense_weight": settings.dense_weight,
        "lexical_weight": settings.lexical_weight,
        "rrf_k": settings.rrf_k,
    }
    work = settings.home / "bench"
    work.mkdir(parents=True, exist_ok=True)
    print(json.dumps(measure_editions(work, embedder, fusion), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: how fast a PDF yearbook is read into passages (before embedding), on a generated 300-page PDF.

The bundled yearbook is typeset again and again with its numbers varied (tests/corpus/yearbook_files.py)
until the PDF has at least --pages pages; the JSON gives pages, passages, seconds and pages per second.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium

from tests.corpus.yearbook_files import write_pdf
from yearbook_qa.corpus import load_corpus
from yearbook_qa.service.settings import BUNDLED_CORPUS

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_PAGES_PER_SECOND = 20


def _pages(path: Path) -> int:
    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300, help="at least this many pages")
    parser.add_argument("--out", default=str(RESULTS / "bench-pdf-read.json"), help="where to write the JSON")
    args = parser.parse_args()
    source = next(BUNDLED_CORPUS.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "yearbook.pdf"
        per_copy = _pages(write_pdf(source, pdf))
        copies = -(-args.pages * 115 // (per_copy * 100))  # page counts vary a little with the numbers
        write_pdf(source, pdf, copies=copies)
        pages = _pages(pdf)
        start = time.perf_counter()
        corpus = load_corpus(pdf)
        seconds = time.perf_counter() - start
    result = {
        "bench": "pdf_read",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "pages": pages,
        "passages": len(corpus.passages),
        "table_rows": sum(p.is_table_row for p in corpus.passages),
        "seconds": round(seconds, 2),
        "pages_per_second": round(pages / seconds, 1),
        "target_pages_per_second": TARGET_PAGES_PER_SECOND,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

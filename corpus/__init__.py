"""Documents in, passages out: read yearbooks (txt, md, html, passage JSONL; pdf, docx, xlsx, csv) into passages and table rows."""

from yearbook_qa.corpus.errors import CorpusError
from yearbook_qa.corpus.loading import Corpus, load_corpus
from yearbook_qa.corpus.passage import Document, Passage
from yearbook_qa.corpus.reading import read_document

__all__ = ["Corpus", "CorpusError", "Document", "Passage", "load_corpus", "read_document"]

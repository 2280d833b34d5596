"""One Milvus collection per index: passage rows with BM25 over the project's tokens, the dense vector, filter fields.

The BM25 side is Milvus's own BM25 function, fed the project's Chinese tokens (jieba words + bigrams, the same
the FAISS backend's bm25s index sees) through Milvus's whitespace analyzer, with bm25s's k1 and b: both backends
rank by the same terms. `pymilvus` (the `milvus` extra) is imported only here, only when the backend is chosen.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from yearbook_qa.corpus.errors import UserError
from yearbook_qa.corpus.passage import Passage
from yearbook_qa.index.hit import Filters

REMOTE_SCHEMES = ("http://", "https://", "tcp://")
LITE_FILE = re.compile(r"^[A-Za-z0-9.\-_]{1,33}\.db$")  # what Milvus Lite accepts as its data file's name
CONNECT_TIMEOUT_S = 5.0
BATCH = 500  # rows a request when writing
PAGE = 4096  # rows a request when reading
MAX_VARCHAR = 65_535
MAX_YEARS = 256
BM25 = {"bm25_k1": 1.5, "bm25_b": 0.75}  # bm25s's defaults, so both backends weigh terms alike
HNSW = {"M": 32, "efConstruction": 80}  # as index.dense_index builds FAISS HNSW
HNSW_EF_SEARCH = 128
IVF_NPROBE = 16
FIELDS = ("id", "row_hash", "tokens", "sparse", "dense", "document_id", "document_title", "year", "years", "chapter")
TRANSLATED = ("document", "year", "edition")  # Filters fields that become filter expressions; others: an id list


def collection_name(index_dir: Path) -> str:
    """The collection of the index at `index_dir`: one per index directory."""
    return "yearbook_qa_" + hashlib.sha256(str(Path(index_dir).resolve()).encode()).hexdigest()[:16]


def resolve_uri(uri: str, error: type[UserError]) -> str:
    """`uri` checked: an http(s)/tcp server address, or a local Milvus Lite file (made absolute, its folder made)."""
    if uri.startswith(REMOTE_SCHEMES):
        return uri
    if "://" in uri:
        raise error(f"milvus_uri {uri!r} is neither http(s)://host:port nor a local .db file (Milvus 地址无效)")
    path = Path(uri).expanduser().resolve()
    if not LITE_FILE.match(path.name):
        raise error(
            f"milvus_uri {uri!r}: a Milvus Lite file must be named like milvus.db "
            "(letters, digits, . - _; at most 36 characters) (Milvus 地址无效)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path)


def string_literal(value: str) -> str:
    """`value` as a Milvus expression string: quoted, with quotes and backslashes escaped (no injection)."""
    return json.dumps(value, ensure_ascii=False)


def filter_expression(filters: Filters) -> str:
    """The Milvus expression for the TRANSLATED fields of `filters` ("" = none set)."""
    parts = []
    if filters.document is not None:
        doc = string_literal(filters.document)
        parts.append(f"(document_id == {doc} or document_title == {doc})")
    if filters.year is not None:  # the years a passage speaks of
        parts.append(f"array_contains(years, {int(filters.year)})")
    if filters.edition is not None:
        parts.append(f"year == {int(filters.edition)}")
    return " and ".join(parts)


def row_hash(p: Passage, embedding_key: str, tokens: Sequence[str]) -> str:
    """What a stored row depends on: its vector's key, its BM25 tokens and its filter fields."""
    fields = [embedding_key, " ".join(tokens), p.document_id, p.document_title, p.year, list(p.years), p.chapter]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


class MilvusStore:
    """A connection to one Milvus collection holding one index's rows."""

    def __init__(self, client: Any, uri: str, collection: str) -> None:
        self.client = client
        self.uri = uri
        self.collection = collection

    @classmethod
    def connect(cls, uri: str, collection: str, error: type[UserError]) -> MilvusStore:
        """Connect to the Milvus at `uri`; a missing extra, a bad URI or an unreachable server raise `error`."""
        uri = resolve_uri(uri, error)
        try:
            with warnings.catch_warnings():  # milvus-lite imports the deprecated pkg_resources
                warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
                pymilvus = importlib.import_module("pymilvus")
        except ImportError as e:
            raise error(
                "index_backend = milvus needs the milvus extra: pip install 'yearbook-qa[milvus]' (未安装 Milvus 客户端)"
            ) from e
        logging.getLogger("pymilvus").setLevel(logging.CRITICAL)  # its failures reach the user as one line, below
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="pkg_resources is deprecated")
                client = pymilvus.MilvusClient(uri=uri, timeout=CONNECT_TIMEOUT_S)
        except Exception as e:  # pymilvus raises its own, grpc's or OS errors, depending on what failed
            busy = "" if uri.startswith(REMOTE_SCHEMES) else "; Milvus Lite serves one process: is another using it?"
            raise error(f"cannot reach Milvus at {uri}: {_reason(e)}{busy} (无法连接 Milvus)") from e
        return cls(client, uri, collection)

    @property
    def lite(self) -> bool:
        """Milvus Lite (a local file), whose only dense indexes are FLAT and IVF_FLAT."""
        return not self.uri.startswith(REMOTE_SCHEMES)

    def description(self, dim: int, ann: str) -> str:
        return f"yearbook-qa index: dim={dim} ann={ann}"

    def ensure(self, dim: int, ann: str, error: type[UserError]) -> bool:
        """Make the collection for `dim`-dimensional vectors if there is none (or ours with another dim/ANN kind).

        Returns whether the collection was made afresh. A collection of that name that is not a yearbook-qa index is
        never touched.
        """
        if self.client.has_collection(self.collection):
            info = self.client.describe_collection(self.collection)
            if tuple(f["name"] for f in info["fields"]) != FIELDS:
                raise error(
                    f"Milvus collection {self.collection} at {self.uri} is not a yearbook-qa index; not replacing it"
                )
            if info.get("description") == self.description(dim, ann):
                return False
            self.client.drop_collection(self.collection)  # another model or ANN kind: every row changes anyway
        self._create(dim, ann)
        return True

    def check(self, dim: int, rows: int, error: type[UserError], hint: str) -> None:
        """The collection exists, holds `dim`-dimensional vectors and exactly `rows` rows."""
        if not self.client.has_collection(self.collection):
            raise error(f"Milvus at {self.uri} has no collection {self.collection}; {hint}")
        info = self.client.describe_collection(self.collection)
        dense = next((f for f in info["fields"] if f["name"] == "dense"), None)
        stored = int(dense["params"]["dim"]) if dense else None
        if stored != dim:
            raise error(
                f"Milvus collection {self.collection} holds dim {stored} vectors, the index says dim {dim}; {hint}"
            )
        self.client.load_collection(self.collection)
        count = self.count()
        if count != rows:
            raise error(f"Milvus collection {self.collection} holds {count} rows, the index lists {rows}; {hint}")

    def count(self) -> int:
        result = self.client.query(self.collection, filter="", output_fields=["count(*)"])
        return int(result[0]["count(*)"])

    def row_hashes(self) -> dict[str, str]:
        """{passage id: row hash} of every stored row, read in primary-key order a page at a time.

        (Not pymilvus's query_iterator: pymilvus 2.5 fails to read an empty page of a collection with an ARRAY field.)
        """
        self.client.load_collection(self.collection)
        out: dict[str, str] = {}
        total, last = self.count(), None
        while len(out) < total:
            after = f"id > {string_literal(last)}" if last is not None else ""
            page = self.client.query(self.collection, filter=after, output_fields=["id", "row_hash"], limit=PAGE)
            if not page:
                break
            out.update((r["id"], r["row_hash"]) for r in page)
            last = max(r["id"] for r in page)
        if len(out) != total:
            raise RuntimeError(f"read {len(out)} of {total} rows of Milvus collection {self.collection}")
        return out

    def upsert(self, rows: Iterable[dict]) -> int:
        """Write rows (see `row`) in batches; returns how many."""
        batch: list[dict] = []
        written = 0
        for r in rows:
            batch.append(r)
            if len(batch) == BATCH:
                written += self._write(batch)
        return written + (self._write(batch) if batch else 0)

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), BATCH):
            self.client.delete(self.collection, ids=list(ids[start : start + BATCH]))

    def flush(self) -> None:
        self.client.flush(self.collection)

    def search_lexical(self, tokens: Sequence[str], depth: int, expression: str) -> list[tuple[str, float]]:
        """(passage id, BM25 score) of the `depth` best rows sharing a token with the query."""
        if not tokens:
            return []
        found = self.client.search(
            self.collection,
            data=[" ".join(tokens)],
            anns_field="sparse",
            limit=depth,
            filter=expression,
            search_params={"metric_type": "BM25"},
        )
        return [(h["id"], float(h["distance"])) for h in found[0]]

    def search_dense(self, vector: np.ndarray, depth: int, expression: str) -> list[tuple[str, float]]:
        """(passage id, inner product) of the `depth` nearest rows."""
        found = self.client.search(
            self.collection,
            data=[np.asarray(vector, dtype=np.float32).tolist()],
            anns_field="dense",
            limit=depth,
            filter=expression,
            search_params={"metric_type": "IP", "params": {"ef": max(HNSW_EF_SEARCH, depth), "nprobe": IVF_NPROBE}},
        )
        return [(h["id"], float(h["distance"])) for h in found[0]]

    def _write(self, batch: list[dict]) -> int:
        self.client.upsert(self.collection, batch)
        n = len(batch)
        batch.clear()
        return n

    def _create(self, dim: int, ann: str) -> None:
        pymilvus = importlib.import_module("pymilvus")
        data_type = pymilvus.DataType
        schema = self.client.create_schema(auto_id=False, description=self.description(dim, ann))
        schema.add_field("id", data_type.VARCHAR, is_primary=True, max_length=512)
        schema.add_field("row_hash", data_type.VARCHAR, max_length=64)
        schema.add_field(
            "tokens",
            data_type.VARCHAR,
            max_length=MAX_VARCHAR,
            enable_analyzer=True,
            analyzer_params={"tokenizer": "whitespace"},
        )
        schema.add_field("sparse", data_type.SPARSE_FLOAT_VECTOR)
        schema.add_field("dense", data_type.FLOAT_VECTOR, dim=dim)
        schema.add_field("document_id", data_type.VARCHAR, max_length=4096)
        schema.add_field("document_title", data_type.VARCHAR, max_length=4096)
        schema.add_field("year", data_type.INT64)
        schema.add_field("years", data_type.ARRAY, element_type=data_type.INT64, max_capacity=MAX_YEARS)
        schema.add_field("chapter", data_type.VARCHAR, max_length=4096)
        schema.add_function(
            pymilvus.Function(
                name="bm25",
                function_type=pymilvus.FunctionType.BM25,
                input_field_names=["tokens"],
                output_field_names=["sparse"],
            )
        )
        params = self.client.prepare_index_params()
        params.add_index("dense", **_dense_index(ann))
        params.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params=BM25)
        self.client.create_collection(self.collection, schema=schema, index_params=params, consistency_level="Strong")


def row(p: Passage, vector: np.ndarray, tokens: Sequence[str], hash_: str) -> dict:
    """The stored row of passage `p` (None year/chapter stored as 0 / "", which no filter asks for)."""
    return {
        "id": p.id,
        "row_hash": hash_,
        "tokens": _clip(" ".join(tokens)),
        "dense": np.asarray(vector, dtype=np.float32).tolist(),
        "document_id": p.document_id,
        "document_title": p.document_title,
        "year": p.year or 0,
        "years": list(p.years)[:MAX_YEARS],
        "chapter": p.chapter or "",
    }


def _dense_index(ann: str) -> dict:
    """The Milvus index of the dense field for the FAISS ANN kind `ann` (Milvus Lite searches FLAT whatever it is)."""
    if ann == "hnsw":
        return {"index_type": "HNSW", "metric_type": "IP", "params": HNSW}
    if ann == "ivf":
        return {"index_type": "IVF_FLAT", "metric_type": "IP", "params": {"nlist": 1024}}
    return {"index_type": "FLAT", "metric_type": "IP"}


def _clip(text: str) -> str:
    """At most MAX_VARCHAR bytes, cut at a token boundary."""
    data = text.encode()
    if len(data) <= MAX_VARCHAR:
        return text
    return data[:MAX_VARCHAR].decode(errors="ignore").rsplit(" ", 1)[0]


def _reason(e: BaseException) -> str:
    """The first line of what went wrong (pymilvus's message, not its repr)."""
    text = str(getattr(e, "message", "") or e).strip()
    return (text.splitlines() or [type(e).__name__])[0]

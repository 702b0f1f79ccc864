"""Precedents: how other laws wrote a model provision.

    index = open_index("../shared/corpora/national")   # built once, kept on disk, rebuilt when a file changes
    hits = find_precedents(index, unit.text(), unit.heading())   # closest provisions, law by law, best first

A corpus is a folder of laws (.docx, .pdf, .txt, .html, in sub-folders too). Each law is read
and structured as a draft is (`drafting.ingest`, `drafting.structure`), and each of its units
becomes a bag of lemmas and concepts (`drafting.nlp.content_lemmas`: "licence", "permit" and
"authorisation" all count as "C:licence"), so that a match does not depend on the drafting style.
The bags make a TF-IDF matrix (sublinear term counts, smoothed idf, rows of unit length) kept
twice: by unit (to tell which words a hit shares) and by term (so that a query only touches the
units that share a word with it).

On disk, under `$DRAFTING_DATA_DIR/precedents/` (default `data/precedents/`):

    laws/<file sha256>.json   one law as read: its header, title and units with their bags
    <corpus key>/index.json   the corpus: laws, units, vocabulary
    <corpus key>/matrix.npz   the TF-IDF matrix (numpy arrays)

The corpus key hashes every file's name and content (with the index format and the vocabulary),
so an added, changed or removed file means a new key and a rebuild, in which the laws that did
not change are not read again.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from drafting.align.features import normalise_term
from drafting.errors import DraftingError
from drafting.language import detect_document
from drafting.nlp import analyse, content_lemmas, defined_term, get_nlp, language_of, one_spelling
from drafting.tree import Unit
from drafting.vocabulary import VOCABULARY_PATH, concepts

log = logging.getLogger(__name__)

FORMAT = 2  # bump when what is stored (or how bags are made) changes: every index is rebuilt
LAW_SUFFIXES = (".docx", ".pdf", ".txt", ".html", ".htm")
HEADING_WEIGHT = 1  # heading words count this many times in a unit's bag
SAME_TERM_WEIGHT = 0.2  # share of the score given by defining the same term (the rest: TF-IDF cosine)
SNIPPET_CHARS = 240
# Pipeline components whose findings a bag does not use (sentences, modality, figures, references):
# left out while indexing, which makes reading a law about twice as fast; the bags are the same.
NOT_FOR_BAGS = ["sentencizer", "drafting_lines", "drafting_modality", "drafting_quantities", "drafting_references"]
UNREADABLE = "unreadable"
ROOT = Path(__file__).resolve().parent.parent
SHARED_NATIONAL = ROOT.parent / "shared" / "corpora" / "national"
BUNDLED_CORPORA = ROOT / "corpora"


# --- what an index holds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Law:
    """A law of the corpus."""

    file: str  # path inside the corpus folder
    sha256: str
    country: str  # from the '# jurisdiction:' header, else the file name
    title: str
    lang: str = "en"  # the language its provisions were analysed in


@dataclass(slots=True)
class CorpusUnit:
    """A provision of a corpus law, as indexed."""

    law: int  # index into PrecedentIndex.laws
    id: str
    label: str  # the citation as printed in that law: "Section 2 "brokering"", "Article 8(2)"
    heading: str
    text: str
    defines: str = ""  # the term it defines, as a concept where the vocabulary knows it ("C:brokering")


@dataclass(frozen=True)
class Skipped:
    """A corpus file that could not be read, and why (the rest of the corpus is indexed)."""

    file: str
    reason: str


@dataclass
class PrecedentIndex:
    """A corpus ready to search: its laws and units, and their TF-IDF matrix by unit and by term."""

    folder: Path
    key: str
    path: Path  # the folder on disk holding index.json and matrix.npz
    laws: list[Law]
    units: list[CorpusUnit]
    term_names: list[str]  # column -> term
    idf: np.ndarray
    unit_law: np.ndarray  # the law of every unit (as in units[i].law)
    row_start: np.ndarray  # by unit: unit i's terms are cols[row_start[i]:row_start[i+1]]
    cols: np.ndarray
    row_weights: np.ndarray
    term_start: np.ndarray  # by term: term t's units are rows[term_start[t]:term_start[t+1]]
    rows: np.ndarray
    term_weights: np.ndarray
    skipped: list[Skipped] = field(default_factory=list)
    built: bool = False  # True when this call built (or rebuilt) the index, False when it was read from disk
    seconds: float = 0.0  # how long building or reading took
    terms: dict[str, int] = field(init=False, repr=False, default_factory=dict)  # term -> column
    defining: dict[str, list[int]] = field(init=False, repr=False, default_factory=dict)  # defined term -> units
    law_start: np.ndarray = field(init=False, repr=False, default=None)  # law k's units are rows law_start[k]:law_start[k+1]

    def __post_init__(self) -> None:
        self.terms = {t: i for i, t in enumerate(self.term_names)}
        self.law_start = np.searchsorted(self.unit_law, np.arange(len(self.laws) + 1))
        for row, unit in enumerate(self.units):
            if unit.defines:
                self.defining.setdefault(unit.defines, []).append(row)

    def size_on_disk(self) -> int:
        """Bytes used by this corpus's index (the shared per-law cache not counted)."""
        return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())


@dataclass
class Precedent:
    """One provision of another law close to the model provision, with the words they share."""

    rank: int
    law: Law
    unit: CorpusUnit
    score: float  # 0-1: the TF-IDF cosine, with a share for defining the same term (SAME_TERM_WEIGHT)
    words: list[str]  # shared words as a reader says them, most telling first
    spans: list[tuple[int, int]]  # where the shared words are in unit.text
    snippet: str  # a stretch of unit.text around the shared words
    snippet_spans: list[tuple[int, int]]  # the shared words in the snippet

    @property
    def country(self) -> str:
        return self.law.country

    @property
    def citation(self) -> str:
        return self.unit.label

    def as_dict(self) -> dict:
        return {
            "rank": self.rank, "country": self.country, "law": self.law.title, "file": self.law.file,
            "citation": self.citation, "id": self.unit.id, "heading": self.unit.heading, "score": round(self.score, 4),
            "words": self.words, "text": self.unit.text, "highlights": [list(s) for s in self.spans],
            "snippet": self.snippet,
        }


# --- where the corpus and the index are ---------------------------------------------------------------


def store_dir() -> Path:
    """Where indexes are kept: $DRAFTING_DATA_DIR/precedents, else data/precedents in the project."""
    base = os.environ.get("DRAFTING_DATA_DIR") or str(ROOT / "data")
    return Path(base) / "precedents"


def corpus_files(folder: str | Path) -> list[Path]:
    """The laws in a corpus folder (and its sub-folders), in a stable order; hidden files and
    Word's lock files ('~$...') left out."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DraftingError(f"There is no folder of laws at {folder}.")
    out = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith((".", "~$")) for part in relative.parts):
            continue
        if path.is_file() and path.suffix.lower() in LAW_SUFFIXES:
            out.append(path)
    return out


def corpus_choices() -> list[Path]:
    """The folders of laws one may search: those named in $DRAFTING_PRECEDENTS_DIR (several separated
    by ':'), then the shared national laws (../shared/corpora/national) when they are there and the
    bundled corpora/ folder if it holds laws. Only these are offered in the app, so that a reviewer
    on a shared server cannot make it read other folders."""
    out = [Path(p).expanduser() for p in os.environ.get("DRAFTING_PRECEDENTS_DIR", "").split(os.pathsep) if p.strip()]
    for candidate in (SHARED_NATIONAL, BUNDLED_CORPORA):
        if candidate.is_dir() and corpus_files(candidate) and candidate not in out:
            out.append(candidate)
    return out


def default_corpus() -> Path | None:
    """The corpus used when none is chosen: the first of `corpus_choices()`."""
    choices = corpus_choices()
    return choices[0] if choices else None


def corpus_signature(folder: str | Path) -> tuple:
    """A cheap fingerprint of a corpus (names, sizes, modification times): changes when a file does.
    For callers that keep an open index in memory and want to know when to open it again."""
    out = []
    for path in corpus_files(folder):
        stat = path.stat()
        out.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(out)


def _sha256(path: Path) -> str:
    """The file's hash, or UNREADABLE (the file is then skipped, with the reason, when the index is built)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return UNREADABLE
    return digest.hexdigest()


def _recipe() -> str:
    """What the bags depend on besides the laws: the index format and the vocabulary files."""
    digest = hashlib.sha256(f"format {FORMAT} heading {HEADING_WEIGHT}".encode())
    for path in [VOCABULARY_PATH, *sorted((VOCABULARY_PATH.parent / "languages").glob("*.yaml"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _corpus_key(files: list[tuple[str, str]], recipe: str) -> str:
    digest = hashlib.sha256(recipe.encode())
    for name, sha in files:
        digest.update(f"{name}\0{sha}\n".encode())
    return digest.hexdigest()[:24]


# --- building and opening -----------------------------------------------------------------------------


@dataclass
class _Corpus:
    """A corpus folder as it is now: its files with their hashes, and where its index belongs."""

    folder: Path
    store: Path
    paths: list[Path]
    files: list[tuple[str, str]]  # (name inside the folder, sha256)
    recipe: str
    key: str

    @property
    def index_path(self) -> Path:
        return self.store / self.key

    def on_disk(self) -> bool:
        return (self.index_path / "index.json").exists() and (self.index_path / "matrix.npz").exists()


def _corpus(folder: str | Path, store: str | Path | None) -> _Corpus:
    folder = Path(folder).resolve()
    paths = corpus_files(folder)
    if not paths:
        raise DraftingError(f"{folder} holds no laws (.docx, .pdf, .txt or .html files).")
    recipe = _recipe()
    files = [(p.relative_to(folder).as_posix(), _sha256(p)) for p in paths]
    return _Corpus(folder, Path(store) if store else store_dir(), paths, files, recipe, _corpus_key(files, recipe))


def index_on_disk(folder: str | Path, store: str | Path | None = None) -> bool:
    """Whether the index of the folder's present files is built (opening it will be quick)."""
    return _corpus(folder, store).on_disk()


def open_index(folder: str | Path, store: str | Path | None = None) -> PrecedentIndex:
    """The precedent index of a corpus folder: read from disk when the folder's files are those it
    was built from, else built (laws already read for an earlier index are not read again)."""
    started = time.perf_counter()
    corpus = _corpus(folder, store)
    index = None
    if corpus.on_disk():
        try:
            index = _load(corpus.index_path, corpus.folder)
        except (OSError, ValueError, KeyError):
            index = None  # a damaged index: build it again
    if index is None:
        index = _build(corpus)
    index.seconds = time.perf_counter() - started
    return index


def _build(corpus: _Corpus) -> PrecedentIndex:
    laws: list[Law] = []
    units: list[CorpusUnit] = []
    bags: list[Counter] = []
    skipped: list[Skipped] = []
    for path, (name, sha) in zip(corpus.paths, corpus.files):
        try:
            if sha == UNREADABLE:
                raise DraftingError(f"{name} cannot be read (check that it exists and that this program may open it).")
            read = _law_read(path, sha, corpus.recipe, corpus.store)
        except DraftingError as exc:
            skipped.append(Skipped(name, exc.message))
            continue
        except Exception as exc:  # a text the structure stage cannot handle: the other laws are still indexed
            log.warning("indexing %s failed: %r", path, exc)
            skipped.append(Skipped(name, f"{name} could not be read into provisions ({type(exc).__name__})."))
            continue
        country = read["country"] or _country_from_name(path)
        laws.append(Law(name, sha, country, read["title"] or path.stem, read.get("lang", "en")))
        for u in read["units"]:
            units.append(CorpusUnit(len(laws) - 1, u["id"], u["label"], u["heading"], u["text"], u.get("defines", "")))
            bags.append(Counter(u["bag"]))
    if not units:
        reasons = "; ".join(f"{s.file}: {s.reason}" for s in skipped[:3])
        raise DraftingError(f"No provisions could be read from the laws in {corpus.folder}" + (f" ({reasons})." if reasons else "."))
    terms, idf, (row_start, cols, row_weights), (term_start, rows, term_weights) = _tfidf(bags)
    unit_law = np.fromiter((u.law for u in units), dtype=np.int32, count=len(units))
    index = PrecedentIndex(corpus.folder, corpus.key, corpus.index_path, laws, units, list(terms), idf, unit_law, row_start, cols,
                           row_weights, term_start, rows, term_weights, skipped, built=True)
    _save(index, corpus.store)
    return index


def _law_read(path: Path, sha: str, recipe: str, store: Path) -> dict:
    """A law read into units and bags, from the per-law cache when this content was read before."""
    cache = store / "laws" / f"{sha}.json"
    if cache.exists():
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data.get("recipe") == recipe:
                return data
        except (OSError, ValueError):
            pass
    data = read_law(path)
    data["recipe"] = recipe
    cache.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(cache, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return data


def read_law(path: Path) -> dict:
    """A law's header (country, title) and its units with their bags of lemmas and concepts."""
    from drafting.ingest import read_path
    from drafting.structure import build_document

    source = read_path(path)
    document = build_document(source)
    units = [u for u in document.units() if not u.empty]
    texts = [u.text() for u in units]
    headings = [u.heading() for u in units]
    lang = detect_document(texts).code if texts else "en"
    nlp = get_nlp(lang)
    text_docs = list(nlp.pipe(texts, batch_size=256, disable=NOT_FOR_BAGS))
    distinct_headings = sorted({h for h in headings if h})
    heading_bags = {h: Counter(content_lemmas(d)) for h, d in zip(distinct_headings, nlp.pipe(distinct_headings, disable=NOT_FOR_BAGS))}
    out = []
    for unit, doc, heading in zip(units, text_docs, headings):
        bag = Counter(content_lemmas(doc))
        for term, count in heading_bags.get(heading, {}).items() if HEADING_WEIGHT else ():
            bag[term] += HEADING_WEIGHT * count
        if bag:
            defined = defined_term(unit, doc)
            out.append({"id": unit.id, "label": unit.label, "heading": heading, "text": unit.text(), "bag": dict(bag),
                        "defines": normalise_term(defined, doc.lang_)})
    return {"country": clean_jurisdiction(source.metadata.get("jurisdiction", "")), "title": source.metadata.get("title") or document.title,
            "lang": lang, "units": out}


def clean_jurisdiction(header: str) -> str:
    """'Ireland (EU Member State; Act gives further effect to Regulation (EU) 2021/821)' -> 'Ireland';
    a short aside such as '(China)' or '(fictional)' stays."""
    out, group, depth = [], [], 0
    for ch in header:
        if ch == "(":
            depth += 1
        if depth:
            group.append(ch)
        else:
            out.append(ch)
        if ch == ")" and depth:
            depth -= 1
            if not depth:
                inner = "".join(group)[1:-1]
                if ";" not in inner and len(inner.split()) <= 3:
                    out.append("".join(group))
                group = []
    return re.sub(r"\s+", " ", "".join(out + group)).strip()  # an unclosed bracket is kept as written


def _country_from_name(path: Path) -> str:
    name = re.sub(r"[_\-]+", " ", path.stem).strip()
    return name[:1].upper() + name[1:]


def _tfidf(bags: list[Counter]):
    """Vocabulary, idf and the unit-length TF-IDF matrix, by unit and by term."""
    terms: dict[str, int] = {}
    for bag in bags:
        for term in bag:
            terms.setdefault(term, len(terms))
    counts = [len(bag) for bag in bags]
    row_start = np.zeros(len(bags) + 1, dtype=np.int64)
    row_start[1:] = np.cumsum(counts)
    cols = np.fromiter((terms[t] for bag in bags for t in bag), dtype=np.int32, count=int(row_start[-1]))
    tf = np.fromiter((c for bag in bags for c in bag.values()), dtype=np.float64, count=int(row_start[-1]))
    df = np.bincount(cols, minlength=len(terms))
    idf = np.log((1 + len(bags)) / (1 + df)) + 1.0
    weights = (1.0 + np.log(tf)) * idf[cols]
    norms = np.sqrt(np.add.reduceat(weights ** 2, row_start[:-1])) if len(weights) else np.ones(len(bags))
    unit_of = np.repeat(np.arange(len(bags), dtype=np.int32), counts)
    row_weights = (weights / norms[unit_of]).astype(np.float32)
    order = np.argsort(cols, kind="stable")
    term_start = np.zeros(len(terms) + 1, dtype=np.int64)
    term_start[1:] = np.cumsum(df)
    return terms, idf.astype(np.float32), (row_start, cols, row_weights), (term_start, unit_of[order], row_weights[order])


def _save(index: PrecedentIndex, store: Path) -> None:
    """Write the index into a fresh folder, then move it into place (a reader never sees half an index)."""
    store.mkdir(parents=True, exist_ok=True)
    temporary = store / f".{index.key}.{os.getpid()}.tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir()
    meta = {
        "format": FORMAT, "key": index.key, "folder": str(index.folder),
        "laws": [[law.file, law.sha256, law.country, law.title, law.lang] for law in index.laws],
        "units": [[u.law, u.id, u.label, u.heading, u.text, u.defines] for u in index.units],
        "terms": index.term_names, "skipped": [[s.file, s.reason] for s in index.skipped],
    }
    (temporary / "index.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    np.savez(temporary / "matrix.npz", idf=index.idf, unit_law=index.unit_law, row_start=index.row_start, cols=index.cols, row_weights=index.row_weights,
             term_start=index.term_start, rows=index.rows, term_weights=index.term_weights)
    try:
        temporary.rename(index.path)
    except OSError:  # another process finished the same index first: keep theirs
        shutil.rmtree(temporary, ignore_errors=True)
    _forget_older_indexes(store, index)


def _forget_older_indexes(store: Path, index: PrecedentIndex) -> None:
    """Remove the indexes of earlier versions of the same folder (they can never be used again)."""
    for other in store.iterdir():
        if other == index.path or other.name.startswith(".") or not (other / "index.json").is_file():
            continue  # this index, another process's index being written, or the per-law cache
        try:
            folder = json.loads((other / "index.json").read_text(encoding="utf-8")).get("folder")
        except (OSError, ValueError):
            continue
        if folder == str(index.folder):
            shutil.rmtree(other, ignore_errors=True)


def _load(path: Path, folder: Path) -> PrecedentIndex:
    meta = json.loads((path / "index.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        raise ValueError("old index format")
    with np.load(path / "matrix.npz") as m:
        arrays = {name: m[name] for name in m.files}
    laws = [Law(*row) for row in meta["laws"]]
    units = [CorpusUnit(*row) for row in meta["units"]]
    return PrecedentIndex(folder, meta["key"], path, laws, units, meta["terms"], arrays["idf"], arrays["unit_law"],
                          arrays["row_start"], arrays["cols"],
                          arrays["row_weights"], arrays["term_start"], arrays["rows"], arrays["term_weights"],
                          [Skipped(*row) for row in meta["skipped"]], built=False)


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


# --- querying -----------------------------------------------------------------------------------------


def query_bag(text: str, heading: str = "") -> Counter:
    """The bag of a provision to look for, made as the corpus units' bags are."""
    bag = Counter(content_lemmas(analyse(text)))
    if heading and HEADING_WEIGHT:
        for term, count in Counter(content_lemmas(analyse(heading, language_of(text)))).items():
            bag[term] += HEADING_WEIGHT * count
    return bag


def find_precedents(index: PrecedentIndex, text: str, heading: str = "", top: int = 10, per_law: int = 1,
                    exclude: set[str] | frozenset[str] = frozenset()) -> list[Precedent]:
    """The provisions of the corpus closest to `text`: the best `per_law` of each law, laws ranked by
    their best score, at most `top` laws. `exclude` names laws (by sha256) to leave out, such as the
    draft under review when it sits in the corpus folder."""
    query = _query_vector(index, query_bag(text, heading))
    if not query:
        return []
    scores = (1 - SAME_TERM_WEIGHT) * _scores(index, query)
    doc = analyse(text)
    defined = index.defining.get(normalise_term(doc._.defines, doc.lang_), [])
    scores[defined] += SAME_TERM_WEIGHT
    return _precedents(index, _best_by_law(index, scores, top, per_law, exclude), scores, query)


def precedents_of(index: PrecedentIndex, unit: Unit, top: int = 10, per_law: int = 1,
                  exclude: set[str] | frozenset[str] = frozenset()) -> list[Precedent]:
    """The precedents of a model unit (its words and heading)."""
    return find_precedents(index, unit.text(), unit.heading(), top, per_law, exclude)


def _query_vector(index: PrecedentIndex, bag: Counter) -> dict[int, float]:
    vector = {index.terms[t]: (1.0 + math.log(c)) * float(index.idf[index.terms[t]]) for t, c in bag.items() if t in index.terms}
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm else {}


def _scores(index: PrecedentIndex, query: dict[int, float]) -> np.ndarray:
    """Cosine similarity of every unit with the query, touching only the units that share a term."""
    starts, ends = index.term_start[list(query)], index.term_start[[t + 1 for t in query]]
    rows = np.concatenate([index.rows[s:e] for s, e in zip(starts, ends)])
    weights = np.concatenate([index.term_weights[s:e] * w for s, e, w in zip(starts, ends, query.values())])
    return np.bincount(rows, weights=weights, minlength=len(index.units))


def _best_by_law(index: PrecedentIndex, scores: np.ndarray, top: int, per_law: int, exclude) -> list[int]:
    """Rows of the best units of the best laws, in rank order (a law's units are consecutive rows)."""
    starts = index.law_start
    best = np.zeros(len(index.laws))
    has_units = np.diff(starts) > 0
    if has_units.any():
        best[has_units] = np.maximum.reduceat(scores, starts[:-1][has_units])
    if exclude:
        best[[k for k, law in enumerate(index.laws) if law.sha256 in exclude]] = 0.0
    found = np.flatnonzero(best > 0)
    rows: list[int] = []
    for law in found[np.argsort(-best[found], kind="stable")][:top]:
        part = scores[starts[law]:starts[law + 1]]
        rows.extend(int(starts[law] + i) for i in np.argsort(-part, kind="stable")[:per_law] if part[i] > 0)
    return rows


def _precedents(index: PrecedentIndex, rows: list[int], scores: np.ndarray, query: dict[int, float]) -> list[Precedent]:
    """The chosen rows as precedents, with the words they share with the query located in their text."""
    by_lang: dict[str, list[int]] = {}
    for row in rows:
        by_lang.setdefault(index.laws[index.units[row].law].lang, []).append(row)
    docs = {}
    for lang, group in by_lang.items():  # only lemmas and concepts are needed to find the words
        docs.update(zip(group, get_nlp(lang).pipe([index.units[r].text for r in group], disable=NOT_FOR_BAGS)))
    out = []
    for rank, row in enumerate(rows, start=1):
        unit = index.units[row]
        start, end = index.row_start[row], index.row_start[row + 1]
        shared = sorted(((query[c] * float(w), index.term_names[c])
                         for c, w in zip(index.cols[start:end].tolist(), index.row_weights[start:end].tolist()) if c in query),
                        reverse=True)
        spans = word_spans(docs[row], {term for _, term in shared})
        snippet, snippet_spans = _snippet(unit.text, spans)
        out.append(Precedent(rank, index.laws[unit.law], unit, float(scores[row]), _readable(t for _, t in shared), spans,
                             snippet, snippet_spans))
    return out


def _readable(terms) -> list[str]:
    """Bag words as a reader says them, each once ("C:brokering" and "brokering" are one word)."""
    out: list[str] = []
    for term in terms:
        word = term[2:].replace("-", " ") if term.startswith("C:") else term
        if word not in out:
            out.append(word)
    return out


def word_spans(doc: Doc, terms: set[str]) -> list[tuple[int, int]]:
    """Where the words of `terms` (lemmas and "C:<concept>" words) occur in an analysed text, merged and in order."""
    vocabulary = concepts()
    spans = []
    for hit in doc._.concepts:
        if f"C:{hit.id}" in terms or any(f"C:{b}" in terms for b in vocabulary[hit.id].broader):
            spans.append((hit.start_char, hit.end_char))
    english = doc.lang_ == "en"
    for token in doc:
        lemma = one_spelling(token.lemma_) if english else token.lemma_
        if lemma in terms and not token.is_punct:
            spans.append((token.idx, token.idx + len(token.text)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _snippet(text: str, spans: list[tuple[int, int]], size: int = SNIPPET_CHARS) -> tuple[str, list[tuple[int, int]]]:
    """The stretch of `text` of about `size` characters holding the most shared words, cut at spaces."""
    flat = " ".join(text.split("\n"))
    if len(flat) <= size:
        return flat, list(spans)
    best_start, best_count = 0, -1
    for start, _ in spans or [(0, 0)]:
        begin = max(0, start - size // 4)
        count = sum(1 for s, e in spans if s >= begin and e <= begin + size)
        if count > best_count:
            best_start, best_count = begin, count
    begin = flat.rfind(" ", 0, best_start) + 1 if best_start else 0
    end = flat.find(" ", begin + size)
    end = len(flat) if end < 0 else end
    prefix = "…" if begin else ""
    suffix = "…" if end < len(flat) else ""
    inside = [(s - begin + len(prefix), e - begin + len(prefix)) for s, e in spans if s >= begin and e <= end]
    return prefix + flat[begin:end] + suffix, inside


def highlight(text: str, spans: list[tuple[int, int]], before: str = "[", after: str = "]") -> str:
    """`text` with each span wrapped in `before`/`after` (for a terminal or a plain report)."""
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], before, text[start:end], after]
        at = end
    out.append(text[at:])
    return "".join(out)


# --- naming a model provision -------------------------------------------------------------------------


def _normal_label(label: str) -> str:
    return re.sub(r"\s+", "", label.replace("“", '"').replace("”", '"')).lower()


def find_unit(units: list[Unit], ref: str) -> Unit:
    """The unit a user names by citation ("Section 26(3)") or id ("sec-26/sub-3")."""
    wanted = _normal_label(ref)
    for unit in units:
        if unit.id == ref.strip() or _normal_label(unit.label) == wanted:
            return unit
    inside = [u.label for u in units if u.article.id == ref.strip() or _normal_label(u.article.label) == wanted]
    if inside:
        raise DraftingError(f"{ref} has several provisions: name one of them ({', '.join(inside[:8])}"
                            f"{', ...' if len(inside) > 8 else ''}).")
    raise DraftingError(f"The model has no provision called '{ref}'; give a citation such as '{units[0].label}' "
                        f"or an id such as '{units[0].id}'." if units else "The model has no provisions.")

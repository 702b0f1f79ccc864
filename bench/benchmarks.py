"""The alignment benchmarks: acts with a gold map to a model, read the same way for every act.

Two kinds of gold are read here:

- **benchmark acts** (`corpora/bench/acts.yaml`, and the shared Northland act): fictional national
  acts written against Regulation (EU) 2021/821, each with a gold map (draft unit -> Article), its
  national-only units, the Articles it leaves out and its planted divergences. Each act is marked
  `tuning` (thresholds and weights may be set on it) or `final` (never looked at while tuning;
  its figures are reported apart).
- **checked maps of real laws** (`bench/data/maps/*.map.tsv`): for partial texts of real national
  laws, which national unit implements which model-law unit by function, judged by a reviewer
  with the law in front of them.

Draft units are scored at the granularity the gold uses: where the gold names only a section
("Section 7"), every unit of that section counts as "Section 7"; where it names subsections
("Section 7(2)"), each unit counts as its own subsection. Markers in other scripts ("а)", "(ب)")
count by their position in the alphabet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "corpora"
ACTS_FILE = ROOT / "corpora" / "bench" / "acts.yaml"
MAPS_DIR = HERE / "data" / "maps"

ARTICLE_REF = re.compile(r"Articles?\s+(\d+[a-z]?)(?:\s*\((\d+[a-z]?)\))?(?:\s*\(([a-z]{1,3})\))?")
# "Section 12(3)", "SEC. 12", "Art. 14", "Article (5)", "Статья 5", "المادة 5", "Artículo 5(2)", "§ 7"
DRAFT_LABEL = re.compile(
    r"^\s*(?:[A-Za-zÀ-ÿ\u0400-\u04FF\u0600-\u06FF§.]+\.?\s*)?\(?(?P<art>\d+[A-Za-z]{0,3})\)?"
    r"(?:\s*\((?P<sub>[^)]+)\))?"
)


@dataclass
class Divergence:
    draft: str
    model: str
    kind: str
    direction: str
    draft_words: str = ""
    model_rule: str = ""
    note: str = ""


@dataclass
class BenchmarkAct:
    name: str
    title: str
    tradition: str
    split: str  # tuning | final
    text: Path
    gold_path: Path
    divergences_path: Path | None
    language: str = "en"
    pairs: set[tuple[tuple, str]] = field(default_factory=set)  # ((article, sub), model article)
    paragraph_pairs: set[tuple[tuple, str]] = field(default_factory=set)  # ((article, sub), "12(4)")
    national: set[tuple] = field(default_factory=set)
    gaps: set[str] = field(default_factory=set)
    fine: dict[str, set[str]] = field(default_factory=dict)  # draft article -> first-level keys the gold names

    @property
    def available(self) -> bool:
        return self.text.exists() and self.gold_path.exists()

    def divergences(self) -> list[Divergence]:
        if not self.divergences_path or not self.divergences_path.exists():
            return []
        lines = self.divergences_path.read_text(encoding="utf-8").splitlines()
        header = [h.strip() for h in lines[0].split("\t")]
        out = []
        for line in lines[1:]:
            if not line.strip():
                continue
            cells = dict(zip(header, (c.strip() for c in line.split("\t"))))
            kind = {"period": "number"}.get(cells.get("kind", ""), cells.get("kind", ""))
            note = cells.get("note", "")
            # Northland's file has no direction column: its notes say "Wider" where the draft is stricter
            direction = cells.get("direction") or ("stricter" if note.lower().startswith(("wider", "stricter")) else "weaker")
            out.append(Divergence(cells.get("draft", "-"), cells.get("model", ""), kind, direction,
                                  cells.get("draft_words", ""), cells.get("model_rule", ""), note))
        return out


def article_refs(cell: str) -> list[tuple[str, str]]:
    """(article, paragraph) named in a gold cell: 'Article 12(4)' -> [('12', '4')]."""
    return [(m.group(1), m.group(2) or "") for m in ARTICLE_REF.finditer(cell)]


# a schedule or annex of the draft, as the gold names it ("First Schedule") or the reader does ("Schedule 1")
SCHEDULE_LABEL = re.compile(r"^\s*(?:(?P<ord>first|second|third|fourth|fifth)\s+(?P<word>schedule|annex)|(?P<word2>schedule|annex)\s+(?P<num>\d+))\b", re.I)
ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5"}


def label_key(label: str) -> tuple[str, str]:
    """(article number, first-level number) of a gold draft label; ('', '') if unreadable."""
    schedule = SCHEDULE_LABEL.match(label)
    if schedule:
        return f"schedule {ORDINALS[schedule.group('ord').lower()] if schedule.group('ord') else schedule.group('num')}", ""
    m = DRAFT_LABEL.match(label)
    if not m:
        return "", ""
    return m.group("art").lower(), _first_level(m.group("sub") or "")


def _first_level(sub: str) -> str:
    sub = sub.strip().lower()
    return str(_letter_position(sub)) if sub and not sub.isdigit() and _letter_position(sub) else sub


LATIN = "abcdefghijklmnopqrstuvwxyz"
CYRILLIC = "абвгдежзиклмнопрстуфхцчшщэюя"
ARABIC_ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
ARABIC_ALPHA = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _letter_position(s: str) -> int:
    """Position (1-based) of a one-letter marker in its alphabet: a/а/أ -> 1; 0 if not a letter."""
    if len(s) != 1:
        return 0
    for alphabet in (LATIN, CYRILLIC, ARABIC_ABJAD):
        if s in alphabet:
            return alphabet.index(s) + 1
    return 0


def unit_key(unit, fine: dict[str, set[str]]) -> tuple[str, str]:
    """The gold-granularity key of a draft unit."""
    article = unit.article.number.lower()
    if unit.article.kind in ("schedule", "annex"):
        return article_key(unit), ""
    if unit.provision is unit.article or not fine.get(article):
        return article, ""
    first = unit.first_level or unit.provision
    return article, _first_level(first.number)


def _read_gold(act: BenchmarkAct) -> None:
    for line in act.gold_path.read_text(encoding="utf-8").splitlines()[1:]:
        if "\t" not in line:
            continue
        draft, model = (c.strip() for c in line.split("\t")[:2])
        if draft == "-":
            act.gaps |= {a for a, _ in article_refs(model)}
            continue
        key = label_key(draft)
        if key[1]:
            act.fine.setdefault(key[0], set()).add(key[1])
        if model == "-":
            act.national.add(key)
            continue
        for article, paragraph in article_refs(model):
            act.pairs.add((key, article))
            act.paragraph_pairs.add((key, f"{article}({paragraph})" if paragraph else article))


@lru_cache(maxsize=1)
def benchmark_acts() -> tuple[BenchmarkAct, ...]:
    """Every benchmark act listed in corpora/bench/acts.yaml (the ones whose files are here)."""
    raw = yaml.safe_load(ACTS_FILE.read_text(encoding="utf-8"))
    out = []
    for entry in raw["acts"]:
        base = (SHARED / entry["path"]) if entry.get("shared") else (ACTS_FILE.parent / entry["path"])
        act = BenchmarkAct(
            name=entry["name"], title=entry["title"], tradition=entry["tradition"], split=entry["split"],
            text=base.with_suffix(".txt"), gold_path=base.with_suffix(".gold.tsv"),
            divergences_path=base.with_suffix(".divergences.tsv"), language=entry.get("language", "en"),
        )
        if act.available:
            _read_gold(act)
            out.append(act)
    return tuple(out)


def prf(predicted: set, gold: set) -> tuple[float, float, float]:
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class CheckedMap:
    """A reviewer's map of one real law onto the model law: (national unit label, model unit label) links."""

    law: str
    text: Path
    links: set[tuple[str, str]]  # every link the reviewer confirmed (sure or probable): a predicted link there is right
    sure: set[tuple[str, str]]  # the links the reviewer is sure of: recall is counted on these
    national_only: set[str]
    judged: set[str]  # every national unit the reviewer looked at
    not_assessable: set[str]
    split: str


def checked_maps() -> list[CheckedMap]:
    """The checked maps in bench/data/maps whose law text is in the shared corpora."""
    index = yaml.safe_load((MAPS_DIR / "maps.yaml").read_text(encoding="utf-8")) if (MAPS_DIR / "maps.yaml").exists() else {}
    out = []
    for path in sorted(MAPS_DIR.glob("*.map.tsv")):
        law = path.name[: -len(".map.tsv")]
        text = SHARED / "national" / f"{law}.txt"
        if not text.exists():
            continue
        links, sure, national, judged = set(), set(), set(), set()
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            cells = [c.strip() for c in line.split("\t")]
            if len(cells) < 2 or not cells[0]:
                continue
            judged.add(cells[0])
            if cells[1] == "-":
                national.add(cells[0])
            else:
                links.add((cells[0], cells[1]))
                if len(cells) < 3 or cells[2] != "probable":
                    sure.add((cells[0], cells[1]))
        na_path = path.with_name(f"{law}.not_assessable.tsv")
        not_assessable = set()
        if na_path.exists():
            not_assessable = {line.split("\t")[0].strip() for line in na_path.read_text(encoding="utf-8").splitlines()[1:] if line.strip()}
        national -= {n for n, _ in links}
        out.append(CheckedMap(law, text, links, sure, national, judged, not_assessable, (index.get(law) or {}).get("split", "tuning")))
    return out


# --- cases: one draft against one model, with its gold, for the bench and for training ------------------


@dataclass
class Case:
    """One draft compared with one model, and how its gold is read.

    `key(draft_unit, model_unit)` turns a predicted link into the form the gold uses; `gold` is
    the set of those keys; `judged(draft_unit)` says whether the gold says anything about a draft
    unit (a checked map covers only the text's operative units). `precise(draft_unit, model_unit)`
    is False when the gold names another paragraph of the same article for this draft unit.
    """

    name: str
    group: str  # act | eu | map | demo | synthetic
    tradition: str
    split: str
    model: object
    document: object
    gold: set
    national: set
    gaps: set
    key: object
    national_key: object
    gap_key: object
    judged: object = None
    precise: object = None
    act: BenchmarkAct | None = None
    recall_gold: set | None = None  # what recall is counted on, when not all of `gold` (a map's sure links)


def act_case(act: BenchmarkAct, model, document=None) -> Case:
    from drafting.ingest import read_path
    from drafting.structure import build_document

    document = document or build_document(read_path(act.text))
    paragraphs: dict[tuple, set[str]] = {}
    for key, ref in act.paragraph_pairs:
        article, _, paragraph = ref.partition("(")
        paragraphs.setdefault((key, article), set()).add(paragraph.rstrip(")"))

    def precise(d_unit, m_unit) -> bool:
        named = paragraphs.get((unit_key(d_unit, act.fine), m_unit.article.number), set())
        if not named or "" in named or m_unit.provision is m_unit.article:
            return True
        return m_unit.provision.number in named

    return Case(act.name, "act", act.tradition, act.split, model, document, act.pairs, act.national, act.gaps,
                key=lambda d_unit, m_unit: (unit_key(d_unit, act.fine), m_unit.article.number),
                national_key=lambda d_unit: unit_key(d_unit, act.fine),
                gap_key=lambda m_unit: m_unit.article.number, precise=precise, act=act)


def eu_case(model) -> Case | None:
    from drafting.ingest import read_path
    from drafting.structure import build_document
    from gold import correlation_pairs

    path = SHARED / "eu" / "reg_428_2009.txt"
    if not path.exists():
        return None
    gold, new_only, old_only = correlation_pairs()
    return Case("reg-428-2009", "eu", "EU regulation", "tuning", model, build_document(read_path(path)), gold, old_only, new_only,
                key=lambda d_unit, m_unit: (d_unit.article.number, m_unit.article.number),
                national_key=lambda d_unit: d_unit.article.number, gap_key=lambda m_unit: m_unit.article.number)


def map_case(cm: CheckedMap, model) -> Case:
    from drafting.ingest import read_path
    from drafting.structure import build_document

    return Case(cm.law, "map", "real law (checked map)", cm.split, model, build_document(read_path(cm.text)), cm.links,
                cm.national_only, set(), key=lambda d_unit, m_unit: (d_unit.label, m_unit.label),
                national_key=lambda d_unit: d_unit.label, gap_key=lambda m_unit: m_unit.label,
                judged=lambda d_unit: d_unit.label in cm.judged, recall_gold=cm.sure)


def demo_case(model) -> Case:
    from drafting.ingest import read_path
    from drafting.structure import build_document

    gold_file = yaml.safe_load((ROOT / "corpora" / "demo_draft.gold.yaml").read_text(encoding="utf-8"))
    gold = {(a["draft"], mid) for a in gold_file["alignment"] for mid in a["model"]}
    national = {a["draft"] for a in gold_file["alignment"] if not a["model"]}
    gaps = {g["model"] for g in gold_file["gaps"]}
    return Case("demo", "demo", "Commonwealth (demo)", "tuning", model, build_document(read_path(ROOT / "corpora" / "demo_draft.docx")),
                gold, national, gaps, key=lambda d_unit, m_unit: (d_unit.label, m_unit.id),
                national_key=lambda d_unit: d_unit.label, gap_key=lambda m_unit: m_unit.id)


def synthetic_case(model, seed: int) -> Case:
    from drafting.ingest import read_bytes
    from drafting.structure import build_document
    from synthetic import make_draft

    sd = make_draft(model, seed)
    document = build_document(read_bytes(sd.text.encode("utf-8"), f"synthetic-{seed}.txt"))
    return Case(f"synthetic-{seed}", "synthetic", "generated from the model law", "tuning", model, document, sd.gold, sd.national,
                sd.gaps, key=lambda d_unit, m_unit: (d_unit.label, m_unit.id),
                national_key=lambda d_unit: d_unit.label, gap_key=lambda m_unit: m_unit.id)


@dataclass
class Score:
    p: float
    r: float
    f1: float
    gaps_found: int
    gaps_total: int
    nat_p: float | None
    nat_r: float | None
    calibration: list[tuple[float, bool]]
    paragraph_recall: float | None = None  # share of the gold's paragraph pairs linked to that very paragraph



def score_links(case: Case, links: list[tuple[object, object, float]], national_units: list) -> Score:
    """Score predicted links [(draft unit, model unit, confidence)] and national-only units on a case."""
    judged = case.judged or (lambda _u: True)
    keyed = [(case.key(d, m), conf) for d, m, conf in links if judged(d)]
    pred = {k for k, _ in keyed}
    p, _, _ = prf(pred, case.gold)
    recall_gold = case.recall_gold if case.recall_gold is not None else case.gold
    r = len(pred & recall_gold) / len(recall_gold) if recall_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    linked_gaps = {case.gap_key(m) for _, m, _ in links}
    gaps_found = len(case.gaps - linked_gaps)
    linked_national = {k[0] for k in pred}
    found_national = {case.national_key(u) for u in national_units if judged(u)} - linked_national
    if case.national:
        nat_p = len(found_national & case.national) / len(found_national) if found_national else 0.0
        nat_r = len(found_national & case.national) / len(case.national)
    else:
        nat_p = nat_r = None
    return Score(p, r, f, gaps_found, len(case.gaps), nat_p, nat_r, [(conf, k in case.gold) for k, conf in keyed],
                 _paragraph_recall(case, links))


def _paragraph_recall(case: Case, links: list[tuple[object, object, float]]) -> float | None:
    """For a benchmark act: the share of its gold pairs naming a model paragraph ("Section 20" ->
    "Article 27(3)") that are linked to that paragraph, not only to its article (None for other cases)."""
    if case.act is None or not case.act.paragraph_pairs:
        return None
    found = set()
    for d, m, _ in links:
        key, article = case.key(d, m)
        found.add((key, article))
        if m.provision is not m.article:
            found.add((key, f"{article}({m.provision.number})"))
    return len(case.act.paragraph_pairs & found) / len(case.act.paragraph_pairs)


# --- other languages ----------------------------------------------------------------------------------

MULTILINGUAL = ROOT / "corpora" / "multilingual"
LANGUAGES = ("fr", "es", "ru", "ar")


def translated_acts(of: str | None = None) -> list[tuple[str, BenchmarkAct]]:
    """Benchmark acts translated into other languages (corpora/multilingual/<file>.<lang>.txt), each
    with its English original's gold and planted divergences: translations keep every section and
    subsection in place (letters by their position). `of`: only the translations of that act."""
    out = []
    for act in benchmark_acts():
        if of is not None and act.name != of:
            continue
        for lang in LANGUAGES:
            path = MULTILINGUAL / f"{act.text.stem}.{lang}.txt"
            if not path.exists():
                continue
            title = "Northland act" if act.name == "northland" else act.title.split(" (")[-1].rstrip(")") + " act"
            out.append((lang, BenchmarkAct(f"{act.name}-{lang}", f"{title} in {lang}", f"translation ({lang})", act.split, path,
                                           act.gold_path, act.divergences_path, lang, act.pairs, act.paragraph_pairs,
                                           act.national, act.gaps, act.fine)))
    return out


def identity_case(lang: str, name: str, model_path: Path, draft_path: Path) -> Case | None:
    """An official language version of an act (the draft) against the version in another language (the
    model): the same article numbers are counterparts."""
    from drafting.ingest import read_path
    from drafting.modelset import load_model
    from drafting.structure import build_document

    if not model_path.exists() or not draft_path.exists():
        return None
    model = load_model(str(model_path))
    document = build_document(read_path(draft_path))
    articles = {article_key(u) for u in document.units()} & {article_key(u) for u in model.units()}
    gold = {(a, a) for a in articles}
    return Case(name, "identity", f"official {lang} version", "multilingual", model, document, gold, set(), set(),
                key=lambda d_unit, m_unit: (article_key(d_unit), article_key(m_unit)),
                national_key=article_key, gap_key=article_key)


def article_key(unit) -> str:
    """A unit's article number; a schedule's (an annex's) with the word, so Schedule 1 is not Section 1."""
    if unit.article.kind in ("schedule", "annex"):
        return f"schedule {unit.article.number}"
    return unit.article.number

"""The coverage matrix: for many laws at once, where each stands on each element of the model law.

Like the UNSCR 1540 Committee's matrix, one row per law (the country from the file's
'# jurisdiction:' header, else the file name) and one column per element E01-E31 of the model
law; each cell says whether the law implements the element and cites the draft provisions that
do. A cell's status follows from the statuses of the element's model provisions
(covered / divergent / gap, as `drafting.compare` found them), in this order:

    divergent       a provision of the element that has a counterpart diverges from it
    covered         every core provision of the element is covered
    not assessable  the text is partial (`Document.partial`: it marks passages as omitted or
                    says it is an excerpt), so a provision not found may simply not be in it;
                    or a core provision is paired too uncertainly to be compared ("uncertain")
    missing         no provision of the element has a counterpart (and the text is complete)
    divergent       some are there, but a core provision is missing

"Core" provisions are those of priority `core` in the model set; an element with none counts all
its provisions as core. Recommended and optional provisions left out do not make an element
divergent, but one that is there and differs does. When the model has no elements (an official
act used as the model), each of its articles is a column.

`law_record` keeps of one comparison what the matrix needs (small, JSON-ready: it is what the
batch caches); `build_coverage` makes the matrix from the records of many laws.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from drafting.yaml_files import load_yaml

from drafting.compare import Comparison
from drafting.modelset import ModelSet

STATUSES = ("covered", "divergent", "missing", "not assessable")
SYMBOLS = {"covered": "✔", "divergent": "▲", "missing": "✖", "not assessable": "?"}
COLOURS = {"covered": "#2E7D32", "divergent": "#F9A825", "missing": "#C62828", "not assessable": "#BDBDBD"}
ELEMENTS_PATH = Path(__file__).resolve().parent / "data" / "elements.yaml"


@dataclass
class Element:
    """A column of the matrix: an element and the model provisions that implement it."""

    id: str
    name: str
    provisions: list[str] = field(default_factory=list)  # model unit ids, in model order
    core: list[str] = field(default_factory=list)  # the ones that must all be covered


@dataclass
class Cell:
    status: str  # one of STATUSES
    citations: list[str] = field(default_factory=list)  # draft labels implementing the element

    def text(self) -> str:
        """As the matrix shows it: 'divergent: Section 9(2); Section 11'."""
        return f"{self.status}: {'; '.join(self.citations)}" if self.citations else self.status


@dataclass
class LawCoverage:
    """A row of the matrix."""

    file: str
    country: str
    title: str
    partial: bool
    cells: dict[str, Cell]  # element id -> cell


@dataclass
class Coverage:
    model_id: str
    model_title: str
    elements: list[Element]
    laws: list[LawCoverage]
    details: list[dict]  # one row per law and model provision (DETAIL_KEYS)
    errors: list[dict]  # {"file", "message"} for each law that could not be compared
    folder: str = ""  # where the laws were read from

    def law(self, file: str) -> LawCoverage | None:
        return next((law for law in self.laws if law.file == file), None)


DETAIL_KEYS = ("country", "file", "elements", "model_provision", "heading", "priority", "status", "draft_citations", "findings")


@lru_cache(maxsize=1)
def element_names() -> dict[str, str]:
    """E01-E31 -> short name (drafting/data/elements.yaml)."""
    raw = load_yaml(ELEMENTS_PATH.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in raw["elements"].items()}


def country_of(jurisdiction: str, file: str) -> str:
    """'Ireland (EU Member State; ...)' -> 'Ireland'; without a header, the file name."""
    country = jurisdiction.split(" (")[0].split(";")[0].strip()
    return country or Path(file).stem


# --- one law -----------------------------------------------------------------------------------------


# A provision stricter than the model is covered for the matrix; one the excerpt lacks has no counterpart
MATRIX_STATUS = {"stricter": "covered", "not-assessable": "gap"}


def matrix_status(pair) -> str:
    """A provision's status for the matrix; "uncertain" for one paired too uncertainly to compare."""
    if pair.status == "not-assessable" and pair.drafts:
        return "uncertain"
    return MATRIX_STATUS.get(pair.status, pair.status)


def law_record(comparison: Comparison, file: str) -> dict:
    """What the matrix needs of one comparison: statuses and citations per model provision."""
    doc = comparison.draft
    cited = {u.id for p in comparison.pairs for u in p.drafts}
    return {
        "file": file,
        "ok": True,
        "title": doc.title,
        "jurisdiction": doc.metadata.get("jurisdiction", ""),
        "partial": bool(doc.partial),
        "provisions": [
            {"id": p.model.id, "status": matrix_status(p), "citations": [u.label for u in p.drafts],
             "findings": sum(1 for f in p.findings if f.substantive)}
            for p in comparison.pairs
        ],
        "cited_in_order": [u.label for u in doc.units() if u.id in cited],  # to list citations as the law orders them
    }


def element_status(statuses: list[str], core: list[bool], partial: bool) -> str:
    """The cell's status from its provisions' statuses (see the module docstring for the rule)."""
    if any(s == "divergent" for s in statuses):
        return "divergent"
    deciding = [s for s, is_core in zip(statuses, core) if is_core] or statuses
    if deciding and all(s == "covered" for s in deciding):
        return "covered"
    if partial or "uncertain" in deciding:
        return "not assessable"
    if all(s == "gap" for s in statuses):
        return "missing"
    return "divergent"


# --- the matrix --------------------------------------------------------------------------------------


def model_elements(model: ModelSet) -> list[Element]:
    """The columns: E01-E31 as tagged in the model set, else one per article of the model."""
    names = element_names()
    by_id: dict[str, Element] = {}
    for unit in model.units():
        for element_id in model.elements_of(unit):
            element = by_id.setdefault(element_id, Element(element_id, names.get(element_id, element_id)))
            element.provisions.append(unit.id)
            if model.priority_of(unit) == "core":
                element.core.append(unit.id)
    if by_id:
        return [by_id[e] for e in sorted(by_id)]
    articles: dict[str, Element] = {}
    for unit in model.units():
        element = articles.setdefault(unit.article.id, Element(unit.article.label, unit.article.heading))
        element.provisions.append(unit.id)
    return list(articles.values())


def build_coverage(model: ModelSet, records: list[dict], folder: str = "") -> Coverage:
    """The matrix, its details and the list of laws that could not be compared."""
    elements = model_elements(model)
    units = {u.id: u for u in model.units()}
    laws, details, errors = [], [], []
    for record in records:
        if not record.get("ok"):
            errors.append({"file": record["file"], "message": record.get("error", "")})
            continue
        country = country_of(record.get("jurisdiction", ""), record["file"])
        by_id = {p["id"]: p for p in record["provisions"]}
        order = {label: i for i, label in enumerate(record.get("cited_in_order", []))}
        cells = {e.id: _cell(e, by_id, record["partial"], order) for e in elements}
        laws.append(LawCoverage(record["file"], country, record.get("title", ""), record["partial"], cells))
        for p in record["provisions"]:
            unit = units.get(p["id"])
            if unit is None:
                continue
            details.append({
                "country": country, "file": record["file"],
                "elements": ", ".join(model.elements_of(unit)) or unit.article.label,
                "model_provision": unit.label, "heading": unit.heading(), "priority": model.priority_of(unit),
                "status": p["status"], "draft_citations": "; ".join(p["citations"]), "findings": p["findings"],
            })
    return Coverage(model.id, model.title, elements, laws, details, errors, folder)


def _cell(element: Element, provisions: dict[str, dict], partial: bool, order: dict[str, int]) -> Cell:
    found = [provisions[pid] for pid in element.provisions if pid in provisions]
    core = set(element.core)
    status = element_status([p["status"] for p in found], [p["id"] in core for p in found], partial)
    citations = {c for p in found for c in p["citations"]}
    return Cell(status, sorted(citations, key=lambda c: (order.get(c, len(order)), c)))


# --- as data -------------------------------------------------------------------------------------------


def coverage_dict(coverage: Coverage) -> dict:
    """The whole result as JSON-ready data (what `coverage_from_dict` reads back)."""
    return {"schema": "drafting-coverage/1", **asdict(coverage)}


def coverage_from_dict(raw: dict) -> Coverage:
    laws = [
        LawCoverage(law["file"], law["country"], law["title"], law["partial"],
                    {k: Cell(c["status"], list(c["citations"])) for k, c in law["cells"].items()})
        for law in raw["laws"]
    ]
    elements = [Element(e["id"], e["name"], list(e.get("provisions", [])), list(e.get("core", []))) for e in raw["elements"]]
    return Coverage(raw["model_id"], raw["model_title"], elements, laws, list(raw["details"]), list(raw["errors"]), raw.get("folder", ""))


def status_counts(coverage: Coverage) -> dict[str, dict[str, int]]:
    """Per element: how many laws have each status."""
    out = {e.id: {s: 0 for s in STATUSES} for e in coverage.elements}
    for law in coverage.laws:
        for element_id, cell in law.cells.items():
            out[element_id][cell.status] += 1
    return out


def compact_lines(coverage: Coverage, width: int = 34) -> list[str]:
    """The matrix in a few lines of text: one symbol per cell (✔ ▲ ✖ ?), elements by number."""
    heads = [e.id[1:] if e.id[:1] == "E" and e.id[1:].isdigit() else e.id[:2] for e in coverage.elements]
    lines = [" " * width + " ".join(f"{h:>2}" for h in heads)]
    for law in coverage.laws:
        label = row_label(law)
        label = label if len(label) < width else label[:width - 2] + "…"
        marks = [SYMBOLS[law.cells[e.id].status] if e.id in law.cells else " " for e in coverage.elements]
        lines.append(f"{label:<{width}}" + " ".join(f"{m:>2}" for m in marks))
    lines.append("  ".join(f"{SYMBOLS[s]} {s}" for s in STATUSES))
    return lines


def subset(coverage: Coverage, element_ids: list[str] | None = None, files: list[str] | None = None) -> Coverage:
    """The matrix restricted to some elements and some laws (None: all)."""
    elements = [e for e in coverage.elements if not element_ids or e.id in element_ids]
    keep = {e.id for e in elements}
    laws = [LawCoverage(law.file, law.country, law.title, law.partial, {k: c for k, c in law.cells.items() if k in keep})
            for law in coverage.laws if not files or law.file in files]
    files_kept = {law.file for law in laws}
    details = [d for d in coverage.details if d["file"] in files_kept]
    return Coverage(coverage.model_id, coverage.model_title, elements, laws, details, coverage.errors, coverage.folder)


def row_label(law: LawCoverage) -> str:
    """'Kazakhstan · kazakhstan_law_export_control_2007' (the country alone when it is the file name)."""
    stem = Path(law.file).stem
    return law.country if law.country == stem else f"{law.country} · {stem}"

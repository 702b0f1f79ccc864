"""Model sets: the law a draft is measured against.

A model set is either a YAML file in the `drafting-model-set/1` format (see
model_laws/README.md), whose provisions carry elements, priority, sources, a drafting note and
requirements, or any official act (plain text, HTML, .docx, PDF) whose articles and paragraphs
become the model provisions. `load_model` takes a bundled id or a path and returns a
`ModelSet`; a malformed YAML set is refused with every problem named by file and provision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from drafting.errors import DraftingError
from drafting.tree import Document, Provision, Unit
from drafting.yaml_files import load_yaml

SCHEMA = "drafting-model-set/1"
MODEL_DIR = Path(__file__).resolve().parent.parent / "model_laws"
DEFAULT_MODEL = "eu-aligned-model"
ELEMENT_IDS = [f"E{n:02d}" for n in range(1, 32)]
PRIORITIES = ("core", "recommended", "optional")
MODALITIES = ("obligation", "prohibition", "permission")
DIRECTIONS = ("at-least", "up-to", "exactly")
UNITS = ("year", "month", "week", "day", "working day", "hour", "currency", "percent", "count")
KIND_LABEL = {"part": "Part", "chapter": "Chapter", "division": "Division", "schedule": "Schedule", "section": "Section"}
KIND_ID = {"part": "part", "chapter": "ch", "division": "div", "schedule": "sch", "section": "sec", "subsection": "sub", "point": "pt", "subpoint": "sp"}
CONTAINERS = ("part", "chapter", "division", "schedule")
TOP_KEYS = {"schema", "id", "title", "short_title", "jurisdiction", "language", "version", "description", "complete", "elements",
            "provisions"}
NODE_KEYS = {"kind", "number", "heading", "text", "children", "elements", "priority", "sources", "note", "requires", "defines"}
REQUIRE_KEYS = {"modality", "actors", "lists", "numbers", "triggers", "terms"}


@dataclass
class RequiredList:
    name: str
    items: list[str]


@dataclass
class RequiredNumber:
    what: str
    value: float
    unit: str
    direction: str  # at-least | up-to | exactly


@dataclass
class Requirements:
    """What a draft counterpart must contain (concept ids from drafting/data/vocabulary.yaml)."""

    modality: str | None = None
    actors: list[str] = field(default_factory=list)
    lists: list[RequiredList] = field(default_factory=list)
    numbers: list[RequiredNumber] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    def concepts(self) -> set[str]:
        out = set(self.actors) | set(self.triggers) | set(self.terms)
        for lst in self.lists:
            out |= set(lst.items)
        return out


@dataclass
class ModelProvision(Provision):
    """A provision of a model set with what reviewers need to judge a counterpart."""

    elements: list[str] = field(default_factory=list)
    priority: str = ""
    sources: list[str] = field(default_factory=list)
    note: str = ""
    requires: Requirements | None = None
    defines: str = ""


@dataclass
class ModelSet:
    id: str
    title: str
    document: Document
    short_title: str = ""
    description: str = ""
    jurisdiction: str = ""
    version: str = ""
    path: str = ""
    kind: str = "model-law"  # model-law | official-act
    element_names: dict[str, str] = field(default_factory=dict)  # E13 -> "Brokering control" (the `elements:` table)
    # what later stages work out from the model once and keep with it (drafting.compare: the concepts
    # named under each element); kept here, not in a module table, so that it goes with the model
    derived: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def units(self) -> list[Unit]:
        return self.document.units()

    def provision(self, provision_id: str) -> Provision | None:
        return self.document.find(provision_id)

    def elements_of(self, unit: Unit) -> list[str]:
        p = unit.provision
        return list(getattr(p, "elements", []) or getattr(unit.article, "elements", []) or [])

    def priority_of(self, unit: Unit) -> str:
        return getattr(unit.provision, "priority", "") or getattr(unit.article, "priority", "") or ""

    def element_label(self, element_id: str) -> str:
        """The code with its name ("E13 Brokering control"), so that nobody has to know the codes by heart."""
        name = self.element_names.get(element_id, "")
        return f"{element_id} {name}" if name else element_id


# --- finding and loading ----------------------------------------------------------------------


def bundled_models() -> dict[str, Path]:
    """Model sets shipped in model_laws/: id -> file."""
    out: dict[str, Path] = {}
    for path in sorted(MODEL_DIR.glob("*.y*ml")):
        try:
            head = load_yaml(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, OSError):
            continue
        if isinstance(head, dict) and head.get("schema") == SCHEMA and head.get("id"):
            out[str(head["id"])] = path
    return out


def load_model(id_or_path: str | None = None) -> ModelSet:
    """A bundled model set by id, a YAML model set by path, or an official act by path."""
    ref = id_or_path or DEFAULT_MODEL
    bundled = bundled_models()
    if ref in bundled:
        return _load_yaml_cached(str(bundled[ref]), bundled[ref].stat().st_mtime)
    path = Path(ref)
    if not path.exists():
        available = ", ".join(sorted(bundled)) or "none"
        raise DraftingError(
            f"There is no model set called '{ref}' and no file at that path. Bundled model sets: {available}."
        )
    if path.suffix.lower() in (".yaml", ".yml"):
        return _load_yaml_cached(str(path.resolve()), path.stat().st_mtime)
    return load_official_act(path)


@lru_cache(maxsize=8)
def _load_yaml_cached(path: str, mtime: float) -> ModelSet:
    return load_yaml_model(Path(path))


def load_official_act(path: Path | str, data: bytes | None = None, name: str | None = None) -> ModelSet:
    """An official act (any readable format) used as the model: its articles become the units."""
    from drafting.ingest import read_bytes
    from drafting.structure import build_document

    path = Path(path)
    source = read_bytes(data if data is not None else path.read_bytes(), name or path.name)
    document = build_document(source)
    if not document.units():
        raise DraftingError(f"{source.name} has no articles or paragraphs that could serve as model provisions.")
    return ModelSet(
        id=path.stem,
        title=document.title,
        short_title=document.title,
        document=document,
        description=f"The official act {document.title}, used as the model: its articles and paragraphs are the model provisions.",
        path=str(path),
        kind="official-act",
    )


def load_yaml_model(path: Path) -> ModelSet:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise DraftingError(f"{path.name}: the model set is not valid YAML{where}.") from None
    except OSError as exc:
        raise DraftingError(f"{path.name}: the model set cannot be read ({exc.strerror}).") from None
    return build_model_set(raw, path.name, str(path))


def build_model_set(raw: object, filename: str, path: str = "") -> ModelSet:
    """Validate a parsed YAML model set and build it; refuse it with every problem found."""
    problems = validate(raw, filename)
    if problems:
        shown = "\n".join(f"- {p}" for p in problems[:25])
        more = f"\n- ... and {len(problems) - 25} more" if len(problems) > 25 else ""
        raise DraftingError(f"The model set {filename} has {len(problems)} problem(s):\n{shown}{more}")
    assert isinstance(raw, dict)
    provisions = [_build_node(node, None, {}) for node in raw["provisions"]]
    document = Document(title=str(raw["title"]), provisions=provisions, name=filename, format="yaml", language=str(raw.get("language", "en")))
    return ModelSet(
        id=str(raw["id"]),
        title=str(raw["title"]),
        short_title=str(raw.get("short_title", "")),
        description=str(raw.get("description", "")).strip(),
        jurisdiction=str(raw.get("jurisdiction", "")),
        version=str(raw.get("version", "")),
        document=document,
        path=path,
        element_names={str(k): str(v).strip() for k, v in (raw.get("elements") or {}).items()},
    )


def _build_node(node: dict, parent: ModelProvision | None, inherited: dict) -> ModelProvision:
    kind = node["kind"]
    number = str(node["number"])
    if kind in CONTAINERS:
        label = f"{KIND_LABEL[kind]} {number}"
        pid = f"{KIND_ID[kind]}-{_slug(number)}"
    elif kind == "section":
        label = f"Section {number}"
        pid = f"sec-{_slug(number)}"
    else:
        label = f"{parent.label}({number})" if parent is not None else f"({number})"
        pid = f"{parent.id}/{KIND_ID[kind]}-{_slug(number)}" if parent is not None else f"{KIND_ID[kind]}-{_slug(number)}"
    here = {
        "elements": node.get("elements", inherited.get("elements", [])),
        "priority": node.get("priority", inherited.get("priority", "")),
        "sources": node.get("sources", inherited.get("sources", [])),
    }
    provision = ModelProvision(
        id=pid,
        label=label,
        kind=kind if kind != "schedule" else "schedule",
        number=number,
        marker=label if kind in CONTAINERS or kind == "section" else f"({number})",
        heading=str(node.get("heading", "") or ""),
        text=_clean(node.get("text", "")),
        elements=list(here["elements"]),
        priority=str(here["priority"] or ""),
        sources=list(here["sources"]),
        note=_clean(node.get("note", "")),
        requires=_build_requirements(node.get("requires")),
        defines=str(node.get("defines", "") or ""),
    )
    provision.children = [_build_node(child, provision if kind not in CONTAINERS else None, here) for child in node.get("children", []) or []]
    return provision


def _build_requirements(raw: dict | None) -> Requirements | None:
    if not raw:
        return None
    return Requirements(
        modality=raw.get("modality"),
        actors=list(raw.get("actors", []) or []),
        lists=[RequiredList(str(x.get("name", "")), list(x.get("items", []))) for x in raw.get("lists", []) or []],
        numbers=[
            RequiredNumber(str(x.get("what", "")), float(x["value"]), str(x["unit"]), str(x["direction"]))
            for x in raw.get("numbers", []) or []
        ],
        triggers=list(raw.get("triggers", []) or []),
        terms=list(raw.get("terms", []) or []),
    )


def _clean(text) -> str:
    return re.sub(r"[ \t]+", " ", str(text or "")).strip()


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "x"


# --- validation -----------------------------------------------------------------------------------


def validate(raw: object, filename: str) -> list[str]:
    """Every problem of a parsed model set, each naming the file and the provision."""
    from drafting.vocabulary import concept_ids

    problems: list[str] = []
    if not isinstance(raw, dict):
        return [f"{filename}: the file must be a mapping with 'schema', 'id', 'title' and 'provisions'."]
    if raw.get("schema") != SCHEMA:
        problems.append(f"{filename}: 'schema' must be '{SCHEMA}' (found {raw.get('schema')!r}).")
    for key in ("id", "title"):
        if not raw.get(key):
            problems.append(f"{filename}: '{key}' is missing.")
    unknown_top = set(raw) - TOP_KEYS
    if unknown_top:
        problems.append(f"{filename}: unknown top-level key(s) {', '.join(sorted(unknown_top))}.")
    provisions = raw.get("provisions")
    if not isinstance(provisions, list) or not provisions:
        problems.append(f"{filename}: 'provisions' must be a non-empty list.")
        return problems
    known = concept_ids()
    labels: set[str] = set()

    def where(label: str) -> str:
        return f"{filename}, {label}"

    def check(node: object, parent_label: str | None, parent_kind: str | None, is_unit_level: bool) -> None:
        if not isinstance(node, dict):
            problems.append(f"{where(parent_label or 'top level')}: a provision must be a mapping, found {type(node).__name__}.")
            return
        kind = node.get("kind")
        number = node.get("number")
        label = (
            f"{KIND_LABEL.get(str(kind), str(kind))} {number}"
            if kind in CONTAINERS or kind == "section"
            else f"{parent_label}({number})"
        )
        if kind not in KIND_ID:
            problems.append(f"{where(label)}: unknown kind {kind!r} (use part, chapter, division, schedule, section, subsection, point, subpoint).")
            return
        if number in (None, ""):
            problems.append(f"{where(parent_label or 'top level')}: a {kind} has no 'number'.")
            return
        unknown = set(node) - NODE_KEYS
        if unknown:
            problems.append(f"{where(label)}: unknown key(s) {', '.join(sorted(unknown))}.")
        if kind in ("subsection", "point", "subpoint") and parent_kind is None:
            problems.append(f"{where(label)}: a {kind} must sit inside a section.")
        if kind == "section" and parent_kind not in (None, "part", "chapter", "division", "schedule"):
            problems.append(f"{where(label)}: a section cannot sit inside a {parent_kind}.")
        if label in labels:
            problems.append(f"{where(label)}: the label is used twice.")
        labels.add(label)
        for e in node.get("elements", []) or []:
            if e not in ELEMENT_IDS:
                problems.append(f"{where(label)}: element {e!r} is not one of E01-E31.")
        if "priority" in node and node["priority"] not in PRIORITIES:
            problems.append(f"{where(label)}: priority {node['priority']!r} must be core, recommended or optional.")
        if "sources" in node and not isinstance(node["sources"], list):
            problems.append(f"{where(label)}: 'sources' must be a list.")
        children = node.get("children", []) or []
        if not isinstance(children, list):
            problems.append(f"{where(label)}: 'children' must be a list.")
            children = []
        if kind in ("section", "subsection", "point", "subpoint") and not node.get("text") and not children:
            problems.append(f"{where(label)}: the provision has neither text nor children.")
        this_is_unit = kind == "section" and not children or is_unit_level
        if "requires" in node:
            if not this_is_unit:
                problems.append(
                    f"{where(label)}: 'requires' is only allowed on a comparison unit (a section's subsection, or a section without subsections)."
                )
            problems.extend(f"{where(label)}: {p}" for p in _check_requirements(node["requires"], known))
        for child in children:
            child_unit_level = kind == "section"
            check(child, label if kind not in CONTAINERS else None, kind if kind not in CONTAINERS else None, child_unit_level)

    for node in provisions:
        check(node, None, None, False)
    covered = {e for e in _all_elements(provisions)}
    missing = [e for e in ELEMENT_IDS if e not in covered] if raw.get("complete") else []
    if missing:
        problems.append(f"{filename}: element(s) {', '.join(missing)} have no provision.")
    if "elements" in raw:
        problems.extend(_check_element_names(raw["elements"], covered, filename))
    return problems


def _check_element_names(names: object, used: set[str], filename: str) -> list[str]:
    """The `elements:` table names checklist elements; when there is one, every element used has a name."""
    if not isinstance(names, dict):
        return [f"{filename}: 'elements' must map element ids to names (E01: Purpose and scope)."]
    out = [f"{filename}: 'elements' names {k!r}, which is not one of E01-E31." for k in names if k not in ELEMENT_IDS]
    out += [f"{filename}: element {k} has an empty name in 'elements'." for k, v in names.items()
            if k in ELEMENT_IDS and not str(v or "").strip()]
    unnamed = sorted(used & set(ELEMENT_IDS) - set(names))
    if unnamed:
        out.append(f"{filename}: element(s) {', '.join(unnamed)} are used but have no name in 'elements'.")
    return out


def _all_elements(nodes) -> set[str]:
    out: set[str] = set()
    for node in nodes or []:
        if isinstance(node, dict):
            out |= set(node.get("elements", []) or [])
            out |= _all_elements(node.get("children"))
    return out


def _check_requirements(req: object, known: set[str]) -> list[str]:
    if not isinstance(req, dict):
        return ["'requires' must be a mapping."]
    out = []
    unknown = set(req) - REQUIRE_KEYS
    if unknown:
        out.append(f"unknown requirement(s) {', '.join(sorted(unknown))} (use {', '.join(sorted(REQUIRE_KEYS))}).")
    if "modality" in req and req["modality"] not in MODALITIES:
        out.append(f"modality {req['modality']!r} must be obligation, prohibition or permission.")
    for key in ("actors", "triggers", "terms"):
        values = req.get(key, []) or []
        if not isinstance(values, list):
            out.append(f"'{key}' must be a list.")
            continue
        for c in values:
            if c not in known:
                out.append(f"{key[:-1]} {c!r} is not a concept of the vocabulary (drafting/data/vocabulary.yaml).")
    for lst in req.get("lists", []) or []:
        if not isinstance(lst, dict) or not isinstance(lst.get("items"), list) or not lst.get("items"):
            out.append("each list needs 'name' and a non-empty 'items' list.")
            continue
        for c in lst["items"]:
            if c not in known:
                out.append(f"list item {c!r} is not a concept of the vocabulary.")
    for num in req.get("numbers", []) or []:
        if not isinstance(num, dict):
            out.append("each number must be a mapping with value, unit and direction.")
            continue
        if not isinstance(num.get("value"), (int, float)):
            out.append(f"number {num.get('what', '')!r} needs a numeric 'value'.")
        if num.get("unit") not in UNITS:
            out.append(f"number {num.get('what', '')!r}: unit {num.get('unit')!r} must be one of {', '.join(UNITS)}.")
        if num.get("direction") not in DIRECTIONS:
            out.append(f"number {num.get('what', '')!r}: direction {num.get('direction')!r} must be at-least, up-to or exactly.")
    return out

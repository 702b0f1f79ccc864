"""The model law: validation, completeness, sources, requirements; other model sets."""

import re
from pathlib import Path

import pytest
import yaml

from drafting.errors import DraftingError
from drafting.ingest import read_path
from drafting.modelset import ELEMENT_IDS, MODEL_DIR, build_model_set, bundled_models, load_model, validate
from drafting.nlp import analyse
from drafting.structure import build_document
from drafting.vocabulary import concepts
from tests.conftest import ROOT

MODEL_FILE = MODEL_DIR / "eu_aligned_model_law.yaml"


@pytest.fixture(scope="module")
def model():
    return load_model("eu-aligned-model")


def raw_model():
    return yaml.safe_load(MODEL_FILE.read_text(encoding="utf-8"))


def test_bundled_model_is_valid_and_listed(model):
    assert "eu-aligned-model" in bundled_models()
    assert validate(raw_model(), MODEL_FILE.name) == []
    assert len(model.units()) > 120


def test_every_element_has_a_provision_with_the_right_priority(model):
    elements_md = (Path(__file__).resolve().parents[2] / "shared" / "docs" / "elements.md")
    covered = {e for u in model.units() for e in model.elements_of(u)}
    assert covered >= set(ELEMENT_IDS)
    if elements_md.exists():
        priority = dict(re.findall(r"^\| (E\d\d) \|.*\| (core|recommended|optional) \|$", elements_md.read_text(), re.M))
        for unit in model.units():
            for e in model.elements_of(unit):
                order = {"core": 0, "recommended": 1, "optional": 2}
                assert order[model.priority_of(unit)] <= order[priority[e]], (unit.label, e)


def test_every_provision_has_a_note_and_sources(model):
    for article in model.document.articles():
        assert article.heading, article.label
        assert len(article.note.split()) >= 15, article.label
        assert article.sources, article.label


def test_requirements_are_met_by_the_model_text_itself(model):
    """Each unit's own words contain what it requires (else comparing it with itself would fail)."""
    for unit in model.units():
        req = unit.provision.requires
        if req is None:
            continue
        found = {h.id for h in analyse(unit.text())._.concepts}
        found |= {b for h in analyse(unit.text())._.concepts for b in concepts()[h.id].broader}
        for cid in req.concepts():
            assert cid in found, (unit.label, cid)
        values = {q.value for q in analyse(unit.text())._.quantities}
        for number in req.numbers:
            assert number.value in values, (unit.label, number)


def test_eu_citations_exist_in_regulation_2021_821(model, reg_2021_821):
    """Every 'Regulation (EU) 2021/821, Art N(p)(x)' cited by the model law exists in the official text."""
    official = build_document(read_path(reg_2021_821))
    labels = {p.label for p in official.walk()}
    cited = set()
    for p in model.document.walk():
        for source in getattr(p, "sources", []):
            m = re.match(r"Regulation \(EU\) 2021/821, Art (\d+)((?:\(\w+\))*)$", source)
            if m:
                cited.add(f"Article {m.group(1)}{m.group(2)}")
    assert len(cited) > 40
    missing = sorted(c for c in cited if c not in labels)
    assert missing == []


def refused(raw, *needles):
    with pytest.raises(DraftingError) as err:
        build_model_set(raw, "mine.yaml")
    for needle in needles:
        assert needle in err.value.message
    return err.value.message


def minimal(**section):
    node = {"kind": "section", "number": "1", "heading": "Records", "text": "Every exporter shall keep records for at least five years."}
    node.update(section)
    return {"schema": "drafting-model-set/1", "id": "mine", "title": "My model", "provisions": [node]}


def test_a_small_user_model_set_loads():
    ms = build_model_set(minimal(requires={"actors": ["exporter"], "numbers": [{"value": 5, "unit": "year", "direction": "at-least"}]}),
                         "mine.yaml")
    assert [u.label for u in ms.units()] == ["Section 1"]


def test_malformed_model_sets_are_refused_naming_file_provision_and_problem():
    refused(minimal(requires={"actors": ["exporterz"]}), "mine.yaml", "Section 1", "exporterz", "vocabulary")
    refused(minimal(priority="urgent"), "mine.yaml", "Section 1", "priority")
    refused(minimal(elements=["E99"]), "Section 1", "E99")
    refused(minimal(requires={"numbers": [{"value": "five", "unit": "year", "direction": "at-least"}]}), "numeric")
    refused(minimal(requires={"modality": "duty"}), "modality")
    refused({**minimal(), "schema": "something-else"}, "schema")
    refused({"schema": "drafting-model-set/1", "id": "x", "title": "x", "provisions": []}, "non-empty")
    bad_unit = minimal(text="", children=[{"kind": "subsection", "number": "1", "text": "Exporters shall keep records.",
                                          "children": [{"kind": "point", "number": "a", "text": "the quantity;",
                                                        "requires": {"actors": ["exporter"]}}]}])
    refused(bad_unit, "Section 1(1)(a)", "only allowed on a comparison unit")
    refused({**minimal(), "complete": True}, "E01")


def test_model_set_with_yaml_syntax_error_is_refused(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("schema: drafting-model-set/1\nprovisions: [\n", encoding="utf-8")
    with pytest.raises(DraftingError, match="broken.yaml.*not valid YAML"):
        load_model(str(path))


def test_unknown_model_reference_lists_the_bundled_ones():
    with pytest.raises(DraftingError, match="eu-aligned-model"):
        load_model("no-such-model")


def test_official_act_as_model(reg_2021_821):
    ms = load_model(str(reg_2021_821))
    assert ms.kind == "official-act"
    labels = [u.label for u in ms.units()]
    assert "Article 27(3)" in labels and "Article 2(7)" in labels
    assert not any(label.startswith("Recital") for label in labels)


def test_element_names_come_from_the_model_law(model):
    assert model.element_label("E13") == "E13 Brokering control"
    assert model.element_label("E24") == "E24 Record keeping"
    used = {e for u in model.units() for e in model.elements_of(u)}
    assert all(model.element_label(e) != e for e in used)  # every code on a chart or filter has its name


def test_element_names_are_those_of_the_reviewers_checklist(model):
    checklist = ROOT.parent / "shared" / "docs" / "elements.md"
    if not checklist.exists():
        pytest.skip(f"the reviewers' checklist {checklist} is not available")
    rows = re.findall(r"^\| (E\d\d) \| ([^|]+) \|", checklist.read_text(encoding="utf-8"), flags=re.M)
    assert len(rows) == 31
    for code, name in rows:
        assert model.element_names[code].lower() == name.strip().lower(), code


def test_element_names_table_is_checked():
    named = {**minimal(elements=["E24"]), "elements": {"E24": "Record keeping"}}
    assert build_model_set(named, "mine.yaml").element_label("E24") == "E24 Record keeping"
    assert build_model_set(minimal(elements=["E24"]), "mine.yaml").element_label("E24") == "E24"  # no table: the code alone
    refused({**named, "elements": {"E24": "Record keeping", "E77": "Something"}}, "E77", "not one of E01-E31")
    refused({**named, "elements": {"E24": " "}}, "E24", "empty name")
    refused({**named, "elements": {"E01": "Purpose and scope"}}, "E24", "no name")
    refused({**named, "elements": ["E24"]}, "'elements' must map")

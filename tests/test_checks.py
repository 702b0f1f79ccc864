"""drafting.checks on real text: what a reviewer would and would not send to the drafters.

Pairs are given by hand (compare_pair), so each test is about the check, not the alignment.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_file
from drafting.checks.exemptions import exceptions_in
from drafting.compare import compare_pair
from drafting.ingest import read_bytes, read_path
from drafting.modelset import load_model, load_official_act
from drafting.structure import build_document

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def model():
    return load_model("eu-aligned-model")


def model_unit(model, label):
    return next(u for u in model.units() if u.label == label)


def draft_units(path: Path, *labels: str):
    draft = build_document(read_path(path))
    by_label = {u.label: u for u in draft.units()}
    return draft, [by_label[label] for label in labels]


def substantive(model, label, draft, units):
    return [f for f in compare_pair(model, model_unit(model, label), units, draft).findings if f.kind not in ("wording", "unassessed")]


# --- definitions -------------------------------------------------------------------------------------------

def test_a_definition_written_term_dash_meaning_is_compared(reg_2021_821):
    """Tavria's "12) export – the removal of goods ..." leaves out making software available abroad
    (a planted divergence of the benchmark act, against Article 2(2) of the Regulation)."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(ROOT / "corpora" / "bench" / "tavria_law_export_control.txt", "Article 1(12)")
    kinds = {(f.kind, f.direction) for f in substantive(regulation, "Article 2(2)", draft, units)}
    assert ("definition", "weaker") in kinds


def test_the_definition_of_another_term_is_not_called_narrower(model):
    """Kazakhstan's Article 1(3) defines weapons of mass destruction: set against the model's
    definition of dual-use items it is not a narrower definition of them."""
    draft, units = draft_units(shared_file("national", "kazakhstan_law_control_of_specific_goods_2022.txt"), "Article 1(3)")
    assert "weapons of mass destruction" in units[0].text().lower()[:60]
    assert [f for f in substantive(model, "Section 2(10)", draft, units) if f.kind == "definition"] == []


def test_an_operative_provision_is_not_read_as_a_definition(model):
    """UK Export Control Order 2008 article 4(1) prohibits exports; it does not define "export"."""
    draft, units = draft_units(shared_file("national", "uk_export_control_order_2008.txt"), "Article 4(1)")
    assert [f for f in substantive(model, "Section 2(12)", draft, units) if f.kind == "definition"] == []


def test_transhipped_counts_as_transhipment(model):
    """Malaysia's "bring in transit" covers items "landed or transhipped in Malaysia"."""
    draft, units = draft_units(shared_file("national", "malaysia_sta2010_act708.txt"), 'Section 2 "bring in transit"')
    findings = [f for f in substantive(model, "Section 2(26)", draft, units) if f.kind == "definition"]
    assert all("transhipment" not in f.message for f in findings)


# --- triggers ------------------------------------------------------------------------------------------------

def test_an_added_alternative_condition_is_wider(reg_2021_821, northland):
    """Northland's military catch-all also applies where the country "has been designated as a
    country of concern" (s.12(a)(2)), beyond the Regulation's arms embargo (Article 4(1)(b))."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(northland, "Section 12(a)")
    triggers = [f for f in substantive(regulation, "Article 4(1)", draft, units) if f.kind == "trigger"]
    assert [(f.direction, "country of concern" in f.message) for f in triggers] == [("stricter", True)]


# --- modality ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("act, label, model_label", [
    ("lindmark", "Section 14", "Article 12(3)"),
    ("northland", "Section 21(a)", "Article 12(6)"),
])
def test_what_a_licence_is_is_not_weighed_against_a_power_to_grant_one(reg_2021_821, act, label, model_label):
    """"Individual export authorisations ... shall be valid for up to two years" (Article 12(3)) and
    "National general export authorisations shall: (a) exclude ..." (Article 12(6)) say what a licence
    is; Lindmark's "An export licence may be granted as an individual licence ..." and Northland's
    "The STMO may ... issue general authorizations" give a power to grant one. The first rules of
    the two texts are not the same rule, so no obligation is reported as turned into a discretion."""
    regulation = load_official_act(reg_2021_821)
    path = ROOT / "corpora" / "bench" / "lindmark_framework_act.txt" if act == "lindmark" else shared_file("eval", "northland_stma.txt")
    draft, units = draft_units(path, label)
    assert [f.message for f in substantive(regulation, model_label, draft, units) if f.kind == "modality"] == []


def test_a_power_to_legislate_is_no_discretion_over_the_rule(model):
    """The UK Act of 2002, s.1(1): "The Secretary of State may by order make provision for ... the
    imposition of export controls" leaves the prohibition to the orders. Against the model law's
    "No person shall export ... except under a licence" (s.6(1)) its "may" is not a prohibition
    turned into a discretion. The model's own power to legislate, "The Minister shall, by
    regulations, establish a national control list" (s.5(1)), weakened to "may, by regulations",
    still is one."""
    draft, units = draft_units(shared_file("national", "uk_export_control_act_2002.txt"), "Section 1(1)")
    assert not [f for f in substantive(model, "Section 6(1)", draft, units) if f.kind == "modality"]
    chapeau = model_unit(model, "Section 5(1)").text().split(", which shall")[0].replace("shall, by regulations", "may, by regulations", 1)
    assert chapeau.startswith("The Minister may, by regulations, establish")
    weakened = build_document(read_bytes(f"{chapeau}.".encode("utf-8"), "draft.txt"))
    findings = substantive(model, "Section 5(1)", weakened, weakened.units())
    assert [(f.kind, f.direction) for f in findings if f.kind == "modality"] == [("modality", "weaker")]


def test_the_main_rule_of_the_authorities_is_still_weighed(reg_2021_821):
    """Lindmark's s.16 "the Inspectorate may have regard to" against Article 15(1) "the competent
    authorities shall take into account": the licence named before the modal ("In deciding whether
    or not to grant an authorisation") does not make the rule one about the licence."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(ROOT / "corpora" / "bench" / "lindmark_framework_act.txt", "Section 16")
    modality = [f for f in substantive(regulation, "Article 15(1)", draft, units) if f.kind == "modality"]
    assert [(f.direction, f.draft_span.text) for f in modality] == [("weaker", "may")]

def test_the_same_qualification_in_other_words_is_no_divergence(reg_2021_821):
    """Carralis s.20(4): licences "shall be issued, wherever possible, by electronic means";
    Article 12(2): authorisations "shall be issued, whenever possible, by electronic means"."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(ROOT / "corpora" / "bench" / "carralis_sgca.txt", "Section 20(4)")
    assert "whenever possible, by electronic means" in model_unit(regulation, "Article 12(2)").text()
    assert [f for f in substantive(regulation, "Article 12(2)", draft, units) if f.kind == "modality"] == []


# --- numbers -------------------------------------------------------------------------------------------------


def test_a_figure_the_draft_leaves_out_is_reported_where_the_draft_speaks_of_its_subject(model):
    """The model law's s.18(3): "The Authority shall decide on an application for a licence within
    sixty days". A draft that has the Authority decide with no time limit lacks the figure (as
    Australia's s.11(3), "the Minister must decide the application"); a draft provision about
    something else ("A compliance notice shall remain in force until the authorised officer revokes
    it", Ireland's s.61(5)) was paired wrongly, and "the draft states no such figure" would say nothing."""
    def number_findings(text: str) -> list[str]:
        draft = build_document(read_bytes(text.encode("utf-8"), "draft.txt"))
        return [f.message for f in substantive(model, "Section 18(3)", draft, draft.units()) if f.kind == "number"]

    assert any("no such figure" in m for m in number_findings("The Authority shall decide on every application for a licence."))
    assert number_findings("A compliance notice shall remain in force until the authorised officer revokes it.") == []


def test_the_figure_compared_is_the_one_in_the_sentence_like_the_models(reg_2021_821):
    """Carralis keeps records four years (s.30(3)) where Article 27(3) sets at least five; the ten
    years of a register in s.8(2), paired too, are another rule and must not hide the shorter period."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(ROOT / "corpora" / "bench" / "carralis_sgca.txt", "Section 30(3)", "Section 30(4)", "Section 8(2)")
    numbers = [f for f in substantive(regulation, "Article 27(3)", draft, units) if f.kind == "number"]
    assert [(f.direction, f.draft_span.text) for f in numbers] == [("weaker", "four years")]
    assert "a minimum of “five years”" in numbers[0].message


def test_one_draft_sentence_can_answer_two_model_rules(reg_2021_821):
    """Carralis s.21(3): "Every application for an individual licence or a global licence shall be
    accompanied by an end-use statement" answers both rules of Article 12(4): "shall" for individual
    authorisations (the same) and "may ... if appropriate" for global ones (stricter). The draft
    sentence is compared with the second rule too, because it names the global licence its first
    partner does not; "may exempt certain applications" names nothing new and is not compared."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(ROOT / "corpora" / "bench" / "carralis_sgca.txt", "Section 21(1)", "Section 21(3)",
                               'Section 2(1) "end-use statement"')
    modality = [f for f in substantive(regulation, "Article 12(4)", draft, units) if f.kind == "modality"]
    assert [(f.direction, f.model_span.text, f.draft_span.text) for f in modality] == [("stricter", "may", "shall")]
    start = modality[0].model_span.start
    assert next(u for u in regulation.units() if u.label == "Article 12(4)").text()[start - 40:start].endswith("Global export authorisations ")


# --- lists ---------------------------------------------------------------------------------------------------

def test_a_list_the_draft_answers_with_one_item_is_compared(reg_2021_821):
    """Tavria's brokering licence "shall indicate the end user and its location" (Art. 14(2)) names
    one of the particulars Article 13(2) lists: "the location of the items in the originating third
    country, the end-user and the exact location of the end-user". The location of the goods is
    missing; the end user's own location is not the goods' location."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(ROOT / "corpora" / "bench" / "tavria_law_export_control.txt", "Article 14(2)")
    lists = [f for f in substantive(regulation, "Article 13(2)", draft, units) if f.kind == "list"]
    assert [(f.direction, f.missing) for f in lists] == [("weaker", ("record-location",))]
    assert lists[0].message.startswith("Location of the goods is missing from the draft's list of particulars")


def test_goods_alone_are_no_list_of_items(reg_2021_821):
    """Tavria's exemptions for technical assistance mention "goods whose export has been licensed":
    a generic word alone is not the draft's answer to the model's list of items."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(ROOT / "corpora" / "bench" / "tavria_law_export_control.txt", "Article 20(3)")
    assert not [f for f in substantive(regulation, "Article 8(3)", draft, units) if f.kind == "list"]


def test_activities_missing_because_their_actors_are_is_said_once(model, demo_docx):
    """The demo's records duty binds exporters only (Section 26(1)): "the draft does not cover
    brokers and providers of technical assistance" says it; "brokering and technical assistance are
    missing from the list of activities" would say it again."""
    draft, units = draft_units(demo_docx, "Section 26(1)")
    kinds = [f.kind for f in substantive(model, "Section 32(1)", draft, units)]
    assert "actor" in kinds and "list" not in kinds


def test_a_condition_the_draft_does_not_have_at_all_is_an_omission(reg_2021_821):
    """Carralis's general licences (s.24(1)) have no bar on use once the exporter "has been informed
    ... or is aware" (Article 12(6)(c)): that is not a narrower condition but no condition, and the
    rule that turns on it is missing."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(ROOT / "corpora" / "bench" / "carralis_sgca.txt", "Section 24(1)")
    findings = substantive(regulation, "Article 12(6)", draft, units)
    omitted = [f for f in findings if f.kind == "omission" and f.missing == ("informed", "aware")]
    assert omitted and omitted[0].direction == "weaker"
    assert "condition that the person has been informed or is aware: “(c) not be used if the exporter" in omitted[0].message
    assert not [f for f in findings if f.kind == "trigger"]


def test_an_addition_the_model_has_under_the_same_element_is_not_wider(model):
    """Malaysia's s.21(3) adds disqualification to the penalties of s.38(1); the model has the
    denial of export privileges in its provision on administrative penalties (same element)."""
    draft, units = draft_units(shared_file("national", "malaysia_sta2010_act708.txt"), "Section 21(3)")
    assert "disqualif" in units[0].text().lower()
    assert [f for f in substantive(model, "Section 38(1)", draft, units) if f.kind == "list" and f.direction == "stricter"] == []


def test_a_point_the_model_lists_one_level_down_is_not_an_added_case(reg_2021_821):
    """Carralis s.13(2) lists what military end-use means as points (a)-(c); Article 4(1) lists the
    same three as subpoints (i)-(iii) of point (b): nothing is added."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(ROOT / "corpora" / "bench" / "carralis_sgca.txt", "Section 13(1)", "Section 13(2)")
    assert "incorporation into military goods" in units[1].text()
    added = [f for f in substantive(regulation, "Article 4(1)", draft, units) if "adds a case" in f.message]
    assert added == []


# --- exemptions --------------------------------------------------------------------------------------------

def test_a_penalty_lowered_for_some_cases_is_a_carve_out(reg_2021_821):
    """Carralis s.15(4): where the brokered goods are worth up to fifty thousand dollars, the person
    "shall be liable only to a fine not exceeding five thousand dollars", whatever the end use:
    Article 25(1) wants dissuasive penalties for every infringement."""
    regulation = load_official_act(reg_2021_821)
    draft, units = draft_units(ROOT / "corpora" / "bench" / "carralis_sgca.txt", "Section 15(4)")
    carve_outs = [f for f in substantive(regulation, "Article 25(1)", draft, units) if f.kind == "exemption"]
    assert [(f.direction, f.draft_span.text.startswith("Notwithstanding subsection (3)")) for f in carve_outs] == [("weaker", True)]
    assert "“liable only to a fine”" in carve_outs[0].message


def test_a_company_liable_only_to_a_fine_is_no_carve_out(reg_2021_821):
    """A body corporate cannot be imprisoned: "liable only to a fine" says nothing more of it."""
    regulation = load_official_act(reg_2021_821)
    draft = build_document(read_bytes(b"Section 40. Penalties\n\n(1) A body corporate convicted of an offence under this Act shall be "
                                      b"liable only to a fine not exceeding one million dollars.\n", "penalties.txt"))
    assert not [f for f in substantive(regulation, "Article 25(1)", draft, draft.units()) if f.kind == "exemption"]


def test_the_lawful_route_is_not_an_exception():
    india = shared_file("national", "india_ftdr_act_1992_ch4a.txt").read_text(encoding="utf-8")
    sentence = next(line for line in india.splitlines() if "except in accordance with the provisions of this act" in line.lower())
    assert exceptions_in(sentence) == []


def test_rules_of_interpretation_and_innocent_passage_are_not_exceptions():
    uk = shared_file("national", "uk_export_control_order_2008.txt").read_text(encoding="utf-8")
    save_where = next(line for line in uk.splitlines() if "save where" in line.lower())
    assert exceptions_in(save_where) == []
    malaysia = shared_file("national", "malaysia_sta2010_act708.txt").read_text(encoding="utf-8")
    passage = next(line for line in malaysia.splitlines() if line.startswith("“bring in transit”"))
    assert "does not include" in passage and exceptions_in(passage) == []


def test_a_real_exception_is_still_one():
    """Ireland's s.16(5): the technical-assistance control "shall not apply" to listed cases."""
    ireland = shared_file("national", "ireland_control_of_exports_act_2023.txt").read_text(encoding="utf-8")
    lines = [line for line in ireland.splitlines() if "shall not apply" in line or "does not apply" in line]
    assert lines and all(exceptions_in(line) for line in lines)


# --- actors ----------------------------------------------------------------------------------------------


def test_a_rule_in_the_passive_leaves_no_authority_out(model):
    """India's s.14B(2) "No goods ... shall be exported, transferred, re-transferred, brought in
    transit or transshipped except in accordance with ..." names no one: set against the model
    law's "The Authority may at any time prohibit the transit" (s.11(1)), it does not give the
    power to someone else, so "the draft does not cover the competent authority" would misread it.
    A rule that names its persons by their activity still can leave one out: Carralis s.21(2), on
    applications for brokering and technical-assistance licences, against the records duty of
    exporters, brokers and providers (s.32(1))."""
    from tests.conftest import shared_file

    draft, units = draft_units(shared_file("national", "india_ftdr_act_1992_ch4a.txt"), "Section 14B(2)")
    assert not [f for f in substantive(model, "Section 11(1)", draft, units) if f.kind == "actor"]
    draft, units = draft_units(ROOT / "corpora" / "bench" / "carralis_sgca.txt", "Section 21(2)")
    actors = [f for f in substantive(model, "Section 32(1)", draft, units) if f.kind == "actor"]
    assert actors and "exporter" in actors[0].missing  # names the broker (by the activity), not the exporter


def test_the_applicant_for_an_export_licence_is_the_exporter(reg_2021_821):
    """Carralis s.21(1): "the applicant shall furnish all relevant information" for an individual or
    global licence binds the exporter whom Article 12(4) names; s.21(2), on applications for
    brokering and technical-assistance licences, does not (there the applicant is the broker)."""
    regulation = load_official_act(reg_2021_821)
    carralis = ROOT / "corpora" / "bench" / "carralis_sgca.txt"
    draft, units = draft_units(carralis, "Section 21(1)")
    assert "applicant" in units[0].text()
    assert [f for f in substantive(regulation, "Article 12(4)", draft, units) if f.kind == "actor"] == []
    draft, units = draft_units(carralis, "Section 21(2)")
    actors = [f for f in substantive(regulation, "Article 12(4)", draft, units) if f.kind == "actor"]
    assert [f.missing for f in actors] == [("exporter",)]


# --- omissions ---------------------------------------------------------------------------------------------


def test_a_fine_of_three_times_the_value_asks_for_no_particulars(model):
    """The model law's s.38(1) sets a fine "of three times the value of the items concerned";
    Australia's brokering offence, s.15(1), sets "Penalty: Imprisonment for 10 years or 2,500
    penalty units, or both".
    The value of the items is no particular of a record or an application here, so the draft does
    not "have nothing corresponding" to the model's penalty (a reviewer judged that finding a
    misreading); the records duty's own particulars are still missed where a draft lacks them."""
    draft, units = draft_units(shared_file("national", "australia_defence_trade_controls_act_2012.txt"), "Section 15(1)")
    assert not [f for f in substantive(model, "Section 38(1)", draft, units) if f.kind == "omission"]
    exporters_only = build_document(read_bytes(b"Every exporter shall keep records of his exports.", "draft.txt"))
    kinds = {f.kind for f in substantive(model, "Section 32(2)", exporters_only, exporters_only.units())}
    assert kinds & {"omission", "list"}


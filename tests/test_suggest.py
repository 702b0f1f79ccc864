"""Suggested wording: each finding's fix, worked out from its evidence, read as the drafters
would read the sentence once the change is accepted."""

import pytest

from drafting.compare import compare_pair
from drafting.modelset import load_model
from drafting.pipeline import compare_draft, read_draft_path
from drafting.suggest import suggestion_for, suggestions_for
from drafting.tree import Document, Provision, Unit


@pytest.fixture(scope="module")
def model():
    return load_model("eu-aligned-model")


@pytest.fixture(scope="module")
def demo(demo_docx, model):
    return compare_draft(read_draft_path(demo_docx), model)


def applied(s, text: str) -> str:
    """The draft unit's text with the suggestion accepted."""
    return text[:s.start] + s.insert + text[s.end:]


def only(pair, kind):
    return next(f for f in pair.findings if f.kind == kind)


def unit_of(text, number="99"):
    p = Provision(id=f"sec-{number}", label=f"Section {number}", kind="section", number=number, text=text)
    return Unit(p, p, []), Document(title="t", provisions=[p])


def suggestion_on(model, model_id, draft_text, kind):
    unit = next(u for u in model.units() if u.id == model_id)
    draft_unit, _ = unit_of(draft_text, unit.article.number)
    pair = compare_pair(model, unit, [draft_unit], model.document)
    finding = only(pair, kind)
    return suggestion_for(finding, pair), draft_unit.text()


def test_modality_puts_the_models_modal_in_place_of_the_drafts(demo):
    pair = demo.pair_for("sec-20/sub-1")
    s = suggestion_for(only(pair, "modality"), pair)
    text = pair.drafts[0].text()
    assert (s.kind, s.delete, s.insert) == ("replace", "may", "shall")
    assert text[s.start:s.end] == "may"
    assert applied(s, text).startswith("The Controller shall require an applicant for an individual licence")


def test_a_hedged_duty_loses_its_hedge(model):
    unit = next(u for u in model.units() if u.id == "sec-20/sub-1")
    s, text = suggestion_on(model, "sec-20/sub-1", unit.text().replace("shall", "shall endeavour to", 1), "modality")
    assert s.delete == "shall endeavour to" and s.insert == "shall"
    assert applied(s, text) == unit.text()


def test_a_shorter_period_becomes_the_models_with_its_bound(demo):
    pair = demo.pair_for("sec-32/sub-4")
    s = suggestion_for(only(pair, "number"), pair)
    text = next(u for u in pair.drafts if u.id == s.unit_id).text()
    assert (s.delete, s.insert) == ("three years", "at least five years")
    assert applied(s, text).startswith("The records shall be retained for at least five years, counted from")


def test_a_bound_the_draft_states_is_not_doubled(demo):
    pair = demo.pair_for("sec-17/sub-1")
    s = suggestion_for(only(pair, "number"), pair)
    text = next(u for u in pair.drafts if u.id == s.unit_id).text()
    assert (s.delete, s.insert) == ("five years", "two years")
    assert applied(s, text).endswith("not exceeding two years.")


def test_a_missing_list_item_goes_into_the_drafts_own_list(demo):
    pair = demo.pair_for("sec-1/sub-2")
    s = suggestion_for(only(pair, "list"), pair)
    text = pair.drafts[0].text()
    assert s.kind == "insert" and s.start == s.end and s.delete == ""
    assert "controls the export, re-export, transit, brokering services and transhipment of strategic goods" in applied(s, text)


@pytest.mark.parametrize("draft, after", [
    # the missing power sits between two the draft has: the list reads on
    ("The Authority may refuse to grant a licence, and may annul, suspend or revoke a licence that it has granted.",
     "may annul, suspend, modify or revoke a licence"),
    # the missing power follows the last of the draft's list: it goes before the conjunction
    ("The Authority may refuse to grant a licence, and may annul, suspend or modify a licence that it has granted.",
     "may annul, suspend, revoke or modify a licence"),
])
def test_list_insertions_keep_the_sentence_readable(model, draft, after):
    s, text = suggestion_on(model, "sec-23/sub-1", draft, "list")
    assert after in applied(s, text)


def test_a_missing_section_comes_whole_after_the_neighbouring_section(demo):
    pairs = [demo.pair_for(f"sec-24/sub-{n}") for n in (1, 2, 3)]
    found = [suggestion_for(only(p, "gap"), p, demo) for p in pairs]
    assert [s.kind for s in found] == ["paragraphs"] * 3
    assert found[0].heading == "Review of denials" and not found[1].heading and not found[2].heading
    assert found[0].lines()[1].startswith("(1) The Authority shall review every denial within three years")
    assert found[2].lines() == ["(3) " + pairs[2].model.text()]
    # after the last subsection of the draft section implementing model section 23, not inside it
    anchor = next(u for u in demo.draft.units() if u.id == found[0].unit_id)
    section = [u.id for u in demo.draft.units() if u.article is anchor.article]
    assert {s.unit_id for s in found} == {section[-1]} and not found[0].before
    implementing_23 = {d.id for p in demo.pairs if p.model.article.number == "23" for d in p.drafts}
    assert implementing_23 & set(section)


def test_a_missing_definition_is_not_given_a_number(demo):
    pair = demo.pair_for("sec-2/sub-8")
    s = suggestion_for(only(pair, "gap"), pair, demo)
    assert s.lines() == [pair.model.text()] and s.lines()[0].startswith("“cyber-surveillance items” means")
    assert s.unit_id.startswith("sec-2/def-")


def test_no_suggestion_asks_the_drafters_to_weaken_their_text(model):
    unit = next(u for u in model.units() if u.id == "sec-32/sub-4")
    draft_unit, _ = unit_of(unit.text().replace("five years", "ten years"), unit.article.number)
    pair = compare_pair(model, unit, [draft_unit], model.document)
    finding = only(pair, "number")
    assert finding.direction == "stricter" and suggestion_for(finding, pair) is None


def test_findings_without_a_mechanical_fix_have_none(demo):
    kinds = {f.kind for p in demo.pairs for f in p.findings if suggestion_for(f, p, demo) is None and f.substantive}
    assert kinds == {"actor", "trigger"}


def test_every_substantive_demo_finding_but_those_has_a_suggestion(demo):
    found = suggestions_for(demo)
    substantive = [f for f in demo.findings() if f.substantive and f.kind not in ("actor", "trigger")]
    assert set(found) == {f.id for f in substantive}


def test_the_reviewers_wording_wins(demo):
    pair = demo.pair_for("sec-32/sub-4")
    finding = only(pair, "number")
    s = suggestions_for(demo, {finding.id: "not less than five years"})[finding.id]
    assert (s.delete, s.insert) == ("three years", "not less than five years")


def test_the_reviewers_wording_gives_a_fix_to_a_finding_without_one(demo):
    pair = demo.pair_for("sec-32/sub-1")
    finding = only(pair, "actor")
    wording = "Every exporter, broker and provider of technical assistance shall keep detailed records."
    s = suggestions_for(demo, {finding.id: wording}, computed=False)[finding.id]
    assert s.kind == "replace" and s.delete == finding.draft_span.text and s.insert == wording
    assert set(suggestions_for(demo, {finding.id: wording}, computed=False)) == {finding.id}

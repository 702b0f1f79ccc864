"""Alignment on real texts: the EU regulations, the Northland act, the demo bill."""

import pytest

from drafting.align import align
from drafting.ingest import read_bytes, read_path
from drafting.modelset import load_model
from drafting.structure import build_document


@pytest.fixture(scope="module")
def reg821(reg_2021_821):
    return load_model(str(reg_2021_821))


@pytest.fixture(scope="module")
def old_to_new(reg821, reg_428_2009):
    return align(reg821, build_document(read_path(reg_428_2009)))


def links_of(al, model_label):
    match = next(m for m in al.matches if m.model.label == model_label)
    return [link.draft.label for link in match.links]


def test_renumbered_articles_find_their_counterparts(old_to_new):
    # correlation table: 428/2009 Article 20(1) to (3) -> 2021/821 Article 27(1) to (3)
    assert links_of(old_to_new, "Article 27(3)") == ["Article 20(3)"]
    # 428/2009 Article 5 (brokering) -> 2021/821 Article 6
    assert "Article 5(1)" in links_of(old_to_new, "Article 6(2)")
    assert {"Article 5(2)", "Article 5(3)"} <= {d for m in old_to_new.matches if m.model.article.number == "6"
                                                for d in [link.draft.label for link in m.links]}
    # 428/2009 Article 23b -> 2021/821 Article 19
    assert any(label.startswith("Article 23b") for label in links_of(old_to_new, "Article 19(1)"))


def test_new_articles_are_gaps_and_repealed_ones_draft_only(old_to_new):
    for article in ("5", "8", "10", "30"):  # new in 2021/821
        assert all(m.is_gap for m in old_to_new.matches if m.model.article.number == article), article
    draft_only = {u.article.number for u in old_to_new.national_only}
    assert "18" in draft_only  # no counterpart in 2021/821


def test_one_provision_can_implement_several(old_to_new):
    """428/2009 Article 9(1) spreads over 2021/821 Article 12 and the delegated-act articles."""
    targets = {m.model.article.number for m in old_to_new.matches for link in m.links if link.draft.label == "Article 9(1)"}
    assert "12" in targets and len(targets) >= 2


def test_links_carry_a_score_and_reasons(old_to_new):
    link = next(m for m in old_to_new.matches if m.model.label == "Article 27(3)").links[0]
    assert 0.45 <= link.score
    assert any(r.startswith("shared terms:") for r in link.reasons)


def test_us_style_sections_align_with_articles(reg821, northland):
    al = align(reg821, build_document(read_path(northland)))
    assert "Section 26(c)" in links_of(al, "Article 27(3)")  # record retention
    assert "Section 14(a)" in links_of(al, "Article 6(1)")  # brokering authorisation
    national = {u.label for u in al.national_only}
    assert {"Section 1", "Section 5(a)", "Section 33"} <= national  # short title, the STMO, national-only
    assert all(m.is_gap for m in al.matches if m.model.article.number in ("9", "10", "11"))


def test_definitions_pair_by_the_term_they_define(reg821, northland):
    al = align(reg821, build_document(read_path(northland)))
    assert links_of(al, "Article 2(8)") == ["Section 4(b)"]  # broker
    assert links_of(al, "Article 2(7)") == ["Section 4(c)"]  # brokering


def test_a_citation_of_the_regulation_links_to_the_provision_based_on_it():
    model = load_model("eu-aligned-model")
    draft = build_document(read_bytes(
        b"Section 1. Miscellaneous\n\n(1) The duties laid down in Article 27 of Regulation (EU) 2021/821 apply.\n", "cites.txt"))
    al = align(model, draft)
    linked = [m for m in al.matches if m.links]
    assert linked and all(any("Art 27" in s for s in m.model.provision.sources) for m in linked)
    assert any("cites Article 27 of Regulation (EU) 2021/821" in r for m in linked for r in m.links[0].reasons)


def test_demo_bill_aligns_with_the_model_law(demo_docx):
    al = align(load_model("eu-aligned-model"), build_document(read_path(demo_docx)))
    assert links_of(al, "Section 32(4)") == ["Section 26(3)"]  # record retention, though reordered and renumbered
    assert links_of(al, "Section 2(4)") == ['Section 2 "broker"']  # a definition, by its term
    assert "Section 3(2)" in links_of(al, "Section 1(2)")  # controlled activities
    gaps = {m.model.id for m in al.matches if m.is_gap}
    assert {"sec-9/sub-1", "sec-24/sub-1", "sec-26/sub-1", "sec-29/sub-1", "sec-48/sub-1"} <= gaps  # planted gaps
    national = {u.label for u in al.national_only}
    assert any(label.startswith("Schedule") for label in national)  # the advisory board's schedule

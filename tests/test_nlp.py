"""The spaCy components on real sentences of export-control law."""

import pytest

from drafting.nlp import analyse, analyse_many, content_lemmas, get_nlp


def forces(text):
    return [(m.force, m.hedged) for m in analyse(text)._.modals]


def test_pipeline_is_blank_english_with_our_components():
    nlp = get_nlp()
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["sentencizer", "drafting_lines", "drafting_lemmatizer", "drafting_concepts", "drafting_modality",
                              "drafting_quantities", "drafting_references", "drafting_definitions"]
    assert not nlp.meta.get("vectors", {}).get("width")  # no trained vectors


@pytest.mark.parametrize("text, expected", [
    ("An authorisation shall be required for the export of dual-use items listed in Annex I.", [("obligation", False)]),
    ("No person shall export strategic goods without a permit.", [("prohibition", False)]),
    ("The exporter shall not export the goods in question.", [("prohibition", False)]),
    ("The competent authority may exempt certain applications from the obligation of providing an end-use statement.",
     [("permission", False)]),
    ("The Authority shall endeavour to decide within sixty days.", [("obligation", True)]),
    ("Exporters should keep records.", [("obligation", True)]),
    ("the items in question are or may be intended, in their entirety or in part, for use in connection with", []),
    ("A person who contravenes subsection (1) commits an offence.", [("prohibition", False)]),
    # a "may" in the condition of a rule is a case, not a permission (Tavria, Article 1(13))
    ("Where a foreign person may dispose of the goods, the contracting party registered or residing in the Republic of Tavria "
     "is the exporter;", []),
    ("Where it considers it necessary, the competent authority may annul the authorisation.", [("permission", False)]),
    # "whenever possible" qualifies a duty as "wherever possible" does (Regulation (EU) 2021/821, Article 12(2))
    ("All individual and global export authorisations shall be issued, whenever possible, by electronic means", [("obligation", True)]),
])
def test_modal_force(text, expected):
    assert forces(text) == expected


@pytest.mark.parametrize("text, value, unit, qualifier", [
    ("shall be kept for at least five years from the end of the calendar year", 5, "year", "at-least"),
    ("Registration shall be valid for three (3) years and may be renewed.", 3, "year", "exactly"),
    ("shall make known within 10 working days whether", 10, "working day", "up-to"),
    ("shall be valid for up to two years, unless the competent authority decides otherwise", 2, "year", "up-to"),
    ("a fine not exceeding ten million ringgit", 10_000_000, "currency", "up-to"),
    ("Imprisonment for 10 years or 2,500 penalty units, or both.", 10, "year", "exactly"),
    ("give the holder written notice and at least fourteen days in which to make representations", 14, "day", "at-least"),
])
def test_quantities(text, value, unit, qualifier):
    q = analyse(text)._.quantities[0]
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)


def test_period_in_days_compares_years_and_days():
    five_years = analyse("for at least five years")._.quantities[0]
    thirty_days = analyse("within thirty days")._.quantities[0]
    assert five_years.in_days > thirty_days.in_days


def test_concepts_are_matched_by_lemma_in_either_spelling():
    uk = {h.id for h in analyse("Exporters shall hold export licences and authorisations.")._.concepts}
    us = {h.id for h in analyse("Exporters shall hold export licenses and authorizations.")._.concepts}
    assert {"exporter", "licence"} <= uk
    assert uk == us


def test_a_right_of_access_to_premises_is_the_power_to_enter_them():
    """Lindmark s.21: "the Inspectorate has access to the premises of exporters" is Article 28(b)'s
    power to enter premises; the location of the end user is not the location of the goods."""
    access = {h.id for h in analyse("To verify compliance, the Inspectorate has access to the premises of exporters.")._.concepts}
    assert "enter-premises" in access
    located = {h.id for h in analyse("The licence shall indicate the end user and its location.")._.concepts}
    assert "record-location" not in located


def test_triggers_match_words_exactly():
    known = {h.id for h in analyse("where known, the end-use and end-user of the dual-use items")._.concepts}
    knows = {h.id for h in analyse("Where an exporter knows that the goods are intended")._.concepts}
    assert "knows" not in known
    assert "knows" in knows
    aware = {h.id for h in analyse("if the exporter is aware or has grounds for suspecting that")._.concepts}
    assert {"aware", "suspects"} <= aware


def test_references_inside_and_outside_the_act():
    refs = analyse("as referred to in section 12(3)(a), and Article 27 of Regulation (EU) 2021/821")._.references
    assert [(r.target, r.path, r.external) for r in refs] == [
        ("section", ("12", "3", "a"), ""),
        ("article", ("27",), "Regulation (EU) 2021/821"),
    ]


@pytest.mark.parametrize("text, term", [
    ("‘brokering services’ means: (a) the negotiation or arrangement of transactions", "brokering services"),
    ("“broker” means any natural or legal person", "broker"),
    ("(b) Broker refers to any natural or juridical person, or any partnership", "Broker"),
    ("The exporter shall keep records.", ""),
    # the post-Soviet style of Tavria's Article 1 and the English text of Kazakhstan's laws: term, dash, meaning
    ("re-export – the export of foreign goods previously imported into the Republic of Tavria", "re-export"),
    ("weapons of mass destruction – nuclear, chemical, biological (bacteriological) and toxin weapons", "weapons of mass destruction"),
    ("Exporter — any person who holds the contract with the consignee", "Exporter"),
    ("The Minister – after consulting the Board – may issue regulations.", ""),
])
def test_defined_term(text, term):
    assert analyse(text)._.defines == term


def test_persons_providing_technical_assistance_are_its_providers():
    """Tavria's Article 25(2) names the model's "providers of technical assistance" by what they do."""
    found = {h.id for h in analyse("Persons providing technical assistance shall keep records of the technical assistance rendered.")._.concepts}
    assert "ta-provider" in found


def test_a_supply_to_a_place_outside_the_country_is_an_export():
    """Australian offence clauses say what an export is instead of naming it ("the supply is from a
    place in Australia to a place outside Australia"): the list of activities an offence covers
    then has the export in it."""
    found = {h.id for h in analyse("The offence applies where the goods are sent from a place in Northland to a place outside Northland.")._.concepts}
    assert "export" in found


def test_content_lemmas_count_concepts_as_words_and_drop_form_words():
    lemmas = content_lemmas(analyse("Exporters shall keep detailed registers of their exports of strategic goods."))
    assert "C:exporter" in lemmas and "C:dual-use-items" in lemmas
    assert "shall" not in lemmas and "of" not in lemmas
    assert "register" in lemmas


def test_content_lemmas_kept_with_the_doc_are_not_shared_with_callers():
    doc = analyse("The competent authority may annul, suspend, modify or revoke an export authorisation already granted.")
    whole = content_lemmas(doc)
    whole.append("changed by the caller")
    assert content_lemmas(doc) == whole[:-1]
    first_words = content_lemmas(doc, 0, 3)
    assert "C:competent-authority" in first_words and "revoke" not in first_words
    assert "revoke" in content_lemmas(doc)


def test_the_analysis_cache_lets_go_of_the_least_recently_used_texts(monkeypatch):
    """Past its limit the cache drops the texts not read for longest, not everything: the model
    law, read again by every comparison, stays analysed through a long run of drafts."""
    from drafting import nlp

    monkeypatch.setattr(nlp, "_CACHE", {})
    monkeypatch.setattr(nlp, "_CACHE_LIMIT", 8)
    model_text = "The competent authority may annul, suspend, modify or revoke an export authorisation."
    kept = analyse(model_text, "en")
    for n in range(30):
        analyse_many([f"Section {n}. No person shall export controlled goods.", model_text], "en")
    assert analyse(model_text, "en") is kept
    assert len(nlp._CACHE) <= 8
    assert ("en", "Section 0. No person shall export controlled goods.") not in nlp._CACHE

"""Precedents: the provisions of real national laws closest to a model provision, and the index on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import drafting.precedents as precedents
from drafting.errors import DraftingError
from drafting.modelset import load_model
from drafting.precedents import (
    clean_jurisdiction, corpus_files, find_unit, highlight, index_on_disk, open_index, precedents_of,
)
from tests.conftest import shared_file


@pytest.fixture(scope="module")
def national() -> Path:
    return shared_file("national")


@pytest.fixture(scope="module")
def index(national, tmp_path_factory):
    return open_index(national, tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="module")
def model():
    return load_model("eu-aligned-model")


def best_of(hits, country: str):
    return next(h for h in hits if h.country == country)


def test_the_brokering_definition_finds_the_brokering_definitions_first(index, model):
    hits = precedents_of(index, find_unit(model.units(), "Section 2(5)"), top=12)  # “brokering services” means ...
    first_two = {(h.country, h.citation) for h in hits[:2]}
    assert first_two == {("Malaysia", 'Section 2 "brokering"'), ("Ireland", 'Section 22 "brokering services"')}
    malaysia = best_of(hits, "Malaysia")
    assert "brokering" in malaysia.words and "negotiate" in malaysia.words
    marked = [malaysia.unit.text[s:e] for s, e in malaysia.spans]
    assert "brokering" in marked and "foreign" in marked
    assert hits[2].score < malaysia.score / 2  # the other laws, which do not define brokering, come well behind


def test_the_catch_all_finds_the_catch_alls_of_hong_kong_and_malaysia(index, model):
    suspicion = precedents_of(index, find_unit(model.units(), "sec-7/sub-2"), top=12)
    assert best_of(suspicion, "Hong Kong SAR (China)").citation == "(3)"  # reg 2(3): knows or has reasonable grounds to believe
    assert suspicion[0].country == "Ireland" and suspicion[0].citation == "Section 10(4)"  # the EU-style catch-all
    informed = precedents_of(index, find_unit(model.units(), "Section 7(1)"), top=12)
    malaysia = best_of(informed, "Malaysia")
    assert malaysia.citation == "Section 11(1)"  # notified by the Authority that the items are for a restricted activity
    assert {"wmd end use", "informed"} <= set(malaysia.words)


def test_a_permit_is_a_licence_whatever_the_drafting_style(index, model):
    hits = precedents_of(index, find_unit(model.units(), "Section 26(3)"), top=12)  # "... as a condition of any other licence"
    malaysia = best_of(hits, "Malaysia")
    assert "licence" in malaysia.words
    assert "permit" in [malaysia.unit.text[s:e] for s, e in malaysia.spans]


def test_every_law_is_indexed_with_its_country(index, national):
    assert len(index.laws) == len(corpus_files(national)) and not index.skipped
    countries = {law.country for law in index.laws}
    assert {"Malaysia", "Ireland", "Hong Kong SAR (China)", "United Kingdom", "United Arab Emirates - Emirate of Dubai"} <= countries
    assert all(unit.text.strip() for unit in index.units)


def test_several_provisions_of_each_law(index, model):
    hits = precedents_of(index, find_unit(model.units(), "Section 2(5)"), top=2, per_law=2)
    assert len(hits) == 4 and len({h.law.file for h in hits}) == 2
    assert [h.rank for h in hits] == [1, 2, 3, 4]
    first_law = [h for h in hits if h.law is hits[0].law]
    assert first_law[0].score >= first_law[1].score


def test_the_index_is_read_from_disk_the_second_time(national, tmp_path, monkeypatch, model):
    store = tmp_path / "store"
    first = open_index(national, store)
    assert first.built and index_on_disk(national, store)
    stamps = {p.name: p.stat().st_mtime_ns for p in first.path.iterdir()}

    def no_reading(path):
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(precedents, "read_law", no_reading)
    second = open_index(national, store)
    assert not second.built and second.key == first.key
    assert {p.name: p.stat().st_mtime_ns for p in second.path.iterdir()} == stamps
    unit = find_unit(model.units(), "Section 2(5)")
    assert [(h.citation, round(h.score, 5)) for h in precedents_of(second, unit)] == \
           [(h.citation, round(h.score, 5)) for h in precedents_of(first, unit)]


def test_a_changed_law_rebuilds_the_index_and_only_that_law_is_read_again(national, tmp_path, monkeypatch, model):
    corpus = tmp_path / "laws"
    shutil.copytree(national, corpus)
    store = tmp_path / "store"
    before = open_index(corpus, store)
    read = []
    original = precedents.read_law
    monkeypatch.setattr(precedents, "read_law", lambda path: read.append(path.name) or original(path))
    hong_kong = corpus / "hong_kong_strategic_commodities_regulations_cap60g.txt"
    hong_kong.write_text(hong_kong.read_text(encoding="utf-8") +
                         "(4) Every person who brokers the sale of an article specified in Schedule 3 shall keep records of the "
                         "brokering services for not less than five years.\n", encoding="utf-8")
    after = open_index(corpus, store)
    assert after.built and after.key != before.key
    assert read == [hong_kong.name]
    assert not before.path.exists()  # the index of the old files is gone
    hits = precedents_of(after, find_unit(model.units(), "Section 32(3)"), top=12)  # records of brokers
    assert best_of(hits, "Hong Kong SAR (China)").citation == "(4)"


def test_a_file_that_cannot_be_read_is_skipped_with_the_reason(tmp_path):
    corpus = tmp_path / "laws"
    corpus.mkdir()
    (corpus / "broken.docx").write_bytes(b"PK\x03\x04 not really a Word file")
    (corpus / "notes.md").write_text("not a law", encoding="utf-8")
    (corpus / "veradia_act.txt").write_text(
        "STRATEGIC GOODS ACT\n\nSection 1. Permits\n(1) No person shall export controlled goods without a permit.\n", encoding="utf-8")
    index = open_index(corpus, tmp_path / "store")
    assert [law.file for law in index.laws] == ["veradia_act.txt"]
    assert index.laws[0].country == "Veradia act"  # no '# jurisdiction:' header: the file name
    assert [s.file for s in index.skipped] == ["broken.docx"] and "damaged" in index.skipped[0].reason


def test_a_law_the_structure_stage_fails_on_does_not_stop_the_others(tmp_path, monkeypatch):
    corpus = tmp_path / "laws"
    corpus.mkdir()
    for name in ("a_act.txt", "b_act.txt"):
        (corpus / name).write_text(f"ACT {name}\n\nSection 1. Permits\n(1) No person shall export goods without a permit.\n",
                                   encoding="utf-8")
    original = precedents.read_law

    def failing(path):
        if path.name == "a_act.txt":
            raise RecursionError("deep")
        return original(path)

    monkeypatch.setattr(precedents, "read_law", failing)
    index = open_index(corpus, tmp_path / "store")
    assert [law.file for law in index.laws] == ["b_act.txt"]
    assert index.skipped[0].file == "a_act.txt" and "could not be read into provisions" in index.skipped[0].reason


def test_the_draft_under_review_can_be_left_out(index, model):
    unit = find_unit(model.units(), "Section 2(5)")
    ireland = next(law for law in index.laws if law.country == "Ireland")
    hits = precedents_of(index, unit, exclude={ireland.sha256})
    assert hits[0].country == "Malaysia" and "Ireland" not in {h.country for h in hits}


def test_a_folder_without_laws_is_refused_in_plain_words(tmp_path):
    with pytest.raises(DraftingError, match="no folder of laws"):
        open_index(tmp_path / "missing", tmp_path / "store")
    (tmp_path / "empty").mkdir()
    with pytest.raises(DraftingError, match="holds no laws"):
        open_index(tmp_path / "empty", tmp_path / "store")


def test_model_provisions_are_named_by_citation_or_id(model):
    units = model.units()
    assert find_unit(units, "Section 26(3)").id == "sec-26/sub-3"
    assert find_unit(units, "section 26 (3)").id == "sec-26/sub-3"
    assert find_unit(units, "sec-26/sub-3").label == "Section 26(3)"
    with pytest.raises(DraftingError, match=r"Section 26\(1\), Section 26\(2\)"):
        find_unit(units, "Section 26")
    with pytest.raises(DraftingError, match="no provision called 'Section 99'"):
        find_unit(units, "Section 99")


@pytest.mark.parametrize("header, country", [
    ("Ireland (EU Member State; Act gives further effect to Regulation (EU) 2021/821)", "Ireland"),
    ("Hong Kong SAR (China)", "Hong Kong SAR (China)"),
    ("United Arab Emirates - Emirate of Dubai (sub-national decrees issued under/alongside UAE Federal Law No. (13) of 2007)",
     "United Arab Emirates - Emirate of Dubai"),
    ("Republic of Carralis (fictional)", "Republic of Carralis (fictional)"),
])
def test_the_country_is_the_jurisdiction_without_long_asides(header, country):
    assert clean_jurisdiction(header) == country


def test_highlight_marks_the_spans():
    assert highlight("No person shall broker", [(0, 2), (16, 22)]) == "[No] person shall [broker]"


def test_the_folders_offered_are_those_configured_then_the_shipped_ones(tmp_path, monkeypatch):
    import os

    from drafting.precedents import BUNDLED_CORPORA, corpus_choices, default_corpus

    monkeypatch.setenv("DRAFTING_PRECEDENTS_DIR", os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")]))
    choices = corpus_choices()
    assert choices[:2] == [tmp_path / "a", tmp_path / "b"] and default_corpus() == tmp_path / "a"
    assert BUNDLED_CORPORA in choices  # the demo draft and the benchmark acts are laws too
    monkeypatch.delenv("DRAFTING_PRECEDENTS_DIR")
    assert tmp_path / "a" not in corpus_choices()

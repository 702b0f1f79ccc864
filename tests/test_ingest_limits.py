"""Very long drafts: compared within the documented limit, refused beyond it with a message."""

import pytest

import drafting.ingest as ingest
from drafting.errors import DraftingError
from drafting.ingest import read_bytes


def long_text(sections: int) -> bytes:
    body = "\n\n".join(f"Section {n}. Records\n\n(1) Every exporter shall keep records of exports for at least five years."
                       for n in range(1, sections + 1))
    return body.encode("utf-8")


def test_a_draft_over_the_word_limit_is_refused_with_a_sentence(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_WORDS", 1_000)
    with pytest.raises(DraftingError) as err:
        read_bytes(long_text(200), "thousand-pages.txt")
    assert "thousand-pages.txt has" in err.value.message and "split it into parts" in err.value.message


def test_a_draft_under_the_limit_is_read(monkeypatch):
    monkeypatch.setattr(ingest, "MAX_WORDS", 1_000)
    assert read_bytes(long_text(40), "short.txt").word_count < 1_000

"""The official correlation table 428/2009 -> 2021/821, read as a gold alignment (see bench/benchmarks.py for the rest)."""

from __future__ import annotations

import re
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"

ARTICLE_WORD = re.compile(r"Articles?\s+(\d+[a-z]?)")
AND_ARTICLE = re.compile(r"\band\s+(\d+[a-z]?)(?=\(|\s*$)")


def articles_in(cell: str) -> set[str]:
    """Article numbers named in a correlation-table cell ('Article 2 (19) and 4(1)(b)' -> {'2', '4'})."""
    if cell.strip() == "-" or not cell.strip().startswith("Article"):
        return set()
    found = set(ARTICLE_WORD.findall(cell))
    found |= set(AND_ARTICLE.findall(cell))
    return found


def correlation_pairs(path: Path | None = None) -> tuple[set[tuple[str, str]], set[str], set[str]]:
    """(old article, new article) pairs of the 428/2009 -> 2021/821 table, plus the new articles
    with no counterpart and the old articles with no counterpart (as whole articles)."""
    path = path or SHARED / "eu" / "annex_vii_correlation.tsv"
    pairs: set[tuple[str, str]] = set()
    old_seen: dict[str, bool] = {}
    new_seen: dict[str, bool] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if "\t" not in line:
            continue
        old, new = line.split("\t", 1)
        olds, news = articles_in(old), articles_in(new)
        for o in olds:
            old_seen[o] = old_seen.get(o, False) or bool(news)
        for n in news:
            new_seen[n] = new_seen.get(n, False) or bool(olds)
        for o in olds:
            for n in news:
                pairs.add((o, n))
    new_only = {n for n, linked in new_seen.items() if not linked}
    old_only = {o for o, linked in old_seen.items() if not linked}
    return pairs, new_only, old_only

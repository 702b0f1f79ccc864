"""`python -m drafting precedents PROVISION --corpus DIR`: how other laws wrote a model provision."""

from __future__ import annotations

import json
from pathlib import Path

from drafting.errors import DraftingError

COUNTRY_WIDTH = 24
CITATION_WIDTH = 34


def add_precedents_command(sub) -> None:
    p = sub.add_parser("precedents", help="the provisions of other laws closest to a model provision")
    p.add_argument("provision", help='a model provision, by citation ("Section 26(3)") or id ("sec-26/sub-3")')
    p.add_argument("--corpus", metavar="DIR", default=None,
                   help="folder of laws (.docx, .pdf, .txt, .html); default: $DRAFTING_PRECEDENTS_DIR or the shared national laws")
    p.add_argument("--model", default=None, help="bundled model id, a YAML model set, or an official act (default: eu-aligned-model)")
    p.add_argument("--top", type=int, default=10, metavar="N", help="how many laws to show (default 10)")
    p.add_argument("--per-law", type=int, default=1, metavar="K", help="provisions shown from each law (default 1)")
    p.add_argument("--json", metavar="OUT", help="write the precedents as JSON")
    p.set_defaults(func=cmd_precedents)


def cmd_precedents(args) -> int:
    from drafting.modelset import load_model
    from drafting.precedents import default_corpus, find_unit, open_index, precedents_of

    if args.top < 1 or args.per_law < 1:
        raise DraftingError("--top and --per-law must be at least 1.")
    folder = Path(args.corpus) if args.corpus else default_corpus()
    if folder is None:
        raise DraftingError("Name the folder of laws to search with --corpus DIR (or set DRAFTING_PRECEDENTS_DIR).")
    model = load_model(args.model)
    unit = find_unit(model.units(), args.provision)
    index = open_index(folder)
    hits = precedents_of(index, unit, top=args.top, per_law=args.per_law)
    if args.json:
        Path(args.json).write_text(json.dumps(precedents_dict(model, unit, index, hits), indent=2, ensure_ascii=False), encoding="utf-8")
    print_table(model, unit, index, hits)
    return 0


def precedents_dict(model, unit, index, hits) -> dict:
    return {
        "model": {"id": model.id, "provision": {"id": unit.id, "label": unit.label, "heading": unit.heading(), "text": unit.text()}},
        "corpus": {"folder": str(index.folder), "laws": len(index.laws), "provisions": len(index.units), "index": str(index.path),
                   "built": index.built, "skipped": [{"file": s.file, "reason": s.reason} for s in index.skipped]},
        "precedents": [h.as_dict() for h in hits],
    }


def print_table(model, unit, index, hits) -> None:
    from drafting.precedents import highlight

    heading = f" — {unit.heading()}" if unit.heading() else ""
    print(f"{unit.label}{heading} ({model.title})")
    print(f"  {_clip(' '.join(unit.text().split()), 160)}")
    how = f"built in {index.seconds:.1f} s" if index.built else f"read from disk in {index.seconds:.2f} s"
    print(f"Corpus {index.folder}: {len(index.laws)} laws, {len(index.units)} provisions (index {how})")
    for s in index.skipped:
        print(f"  skipped {s.file}: {s.reason}")
    if not hits:
        print("No provision of these laws shares a word with this one.")
        return
    print()
    print(f"{'#':>3}  {'country':<{COUNTRY_WIDTH}}  {'citation':<{CITATION_WIDTH}}  score  matching words")
    for h in hits:
        print(f"{h.rank:>3}  {_clip(h.country, COUNTRY_WIDTH):<{COUNTRY_WIDTH}}  {_clip(h.citation, CITATION_WIDTH):<{CITATION_WIDTH}}  "
              f"{h.score:5.2f}  {', '.join(h.words[:8])}")
        print(f"     {highlight(h.snippet, h.snippet_spans)}")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"

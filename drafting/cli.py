"""Command line: `python -m drafting <command> ...` for batch work without the app.

    parse FILE [--json OUT]                      the provision tree of a draft or act
    compare DRAFT [--model M] [--json OUT] [--docx OUT [--suggest]] [--csv OUT] [--xlsx OUT] [--report OUT]
    align --draft A --model B [--json OUT]       alignment only (A and B: files or model ids)
    model-law [--model M] [--docx OUT] [--check FILE] [--list]
    review ...                                   list, export, backup and restore reviews
    precedents PROVISION [--corpus DIR] [--model M] [--top N] [--json OUT]   how other laws wrote it
    batch DIR [--model M] [--out coverage.xlsx] [--workers N] [--scheduler ADDR]
                                                 every law in a folder, as a coverage matrix

Errors a user can cause print one sentence and exit with status 2; nothing prints a traceback
unless --debug is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from drafting.errors import DraftingError


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except DraftingError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # an unexpected failure: say so plainly
        if getattr(args, "debug", False):
            raise
        print(f"error: something went wrong while processing ({type(exc).__name__}: {exc}). "
              "Run again with --debug for details.", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m drafting", description="Compare a draft export-control law with a model law.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("parse", help="read a draft or act and print or save its provision tree")
    p.add_argument("file")
    p.add_argument("--json", metavar="OUT", help="write the tree as JSON")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("compare", help="compare a draft with a model set")
    p.add_argument("draft")
    p.add_argument("--model", default=None, help="bundled model id, a YAML model set, or an official act (default: eu-aligned-model)")
    p.add_argument("--json", metavar="OUT")
    p.add_argument("--docx", metavar="OUT", help="the draft as .docx with a Word comment per finding")
    p.add_argument("--csv", metavar="OUT")
    p.add_argument("--xlsx", metavar="OUT")
    p.add_argument("--report", metavar="OUT", help="the comparison report (.docx)")
    p.add_argument("--author", default="Drafting assistant", help="author name of the Word comments")
    p.add_argument("--language", default="", help="the draft's language (en, fr, es, ru, ar) when detection gets it wrong")
    p.add_argument("--suggest", action="store_true",
                   help="with --docx: put every substantive finding's suggested wording into the draft as a tracked change")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("align", help="align a draft with a model and write the alignment")
    p.add_argument("--draft", required=True)
    p.add_argument("--model", required=True)
    p.add_argument("--json", metavar="OUT")
    p.set_defaults(func=cmd_align)

    p = sub.add_parser("model-law", help="show, check or export a model set")
    p.add_argument("--model", default=None)
    p.add_argument("--docx", metavar="OUT", help="write the model law as a formatted .docx")
    p.add_argument("--check", metavar="FILE", help="validate a YAML model set and list its problems")
    p.add_argument("--list", action="store_true", help="list the bundled model sets")
    p.set_defaults(func=cmd_model_law)

    p = sub.add_parser("hash-password", help="print the hash of a sign-in password for a shared server (see README)")
    p.set_defaults(func=cmd_hash_password)

    from drafting.review_cli import add_review_commands

    add_review_commands(sub)

    from drafting.precedents_cli import add_precedents_command

    add_precedents_command(sub)
    from drafting.batch_cli import add_batch_command

    add_batch_command(sub)
    return parser


def cmd_hash_password(args) -> int:
    import getpass

    from drafting.auth_hash import hash_password

    password = getpass.getpass("Password for the shared server: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if len(password) < 10:
        raise DraftingError("Choose a password of at least 10 characters.")
    _print(hash_password(password))
    return 0


def _print(line: str = "") -> None:
    print(line)


def cmd_parse(args) -> int:
    from drafting.export.tables import provision_dict
    from drafting.pipeline import read_draft_path

    draft = read_draft_path(args.file)
    doc = draft.document
    data = {
        "name": doc.name,
        "title": doc.title,
        "format": doc.format,
        "structured": doc.structured,
        "tracked_changes": doc.tracked_changes,
        "notes": doc.notes,
        "provisions": [provision_dict(p) for p in doc.provisions],
    }
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        _print(f"{len(doc.articles())} articles/sections, {len(doc.units())} units written to {args.json}")
    else:
        for note in doc.notes:
            _print(f"note: {note}")
        for p in doc.walk():
            depth = p.id.count("/")
            _print("  " * depth + f"{p.label}" + (f" — {p.heading}" if p.heading else ""))
    return 0


def _load_any_document(ref: str):
    """A draft file, or the provisions of a model set used as the text to align."""
    from drafting.modelset import bundled_models, load_model
    from drafting.pipeline import read_draft_path

    if ref in bundled_models() or ref.lower().endswith((".yaml", ".yml")):
        return load_model(ref).document
    return read_draft_path(ref).document


def cmd_align(args) -> int:
    from drafting.export.tables import comparison_dict
    from drafting.modelset import load_model
    from drafting.pipeline import compare_draft

    document = _load_any_document(args.draft)
    comparison = compare_draft(document, load_model(args.model))
    data = comparison_dict(comparison)
    if args.json:
        Path(args.json).write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    _print_summary(comparison)
    return 0


def cmd_compare(args) -> int:
    from drafting.export import tables
    from drafting.modelset import load_model
    from drafting.pipeline import compare_draft, read_draft_path, set_language

    if args.suggest and not args.docx:
        raise DraftingError("--suggest puts the suggested wording into the Word file: give it with --docx OUT.")
    draft = read_draft_path(args.draft)
    if getattr(args, "language", ""):
        set_language(draft.document, args.language)
    model = load_model(args.model)
    comparison = compare_draft(draft, model)
    _refuse_overwriting_the_draft(args, draft_path=Path(args.draft))
    if args.json:
        tables.write_json(comparison, args.json)
    if args.csv:
        tables.write_csv(comparison, args.csv)
    if args.xlsx:
        tables.write_xlsx(comparison, args.xlsx)
    if args.docx:
        from drafting.export.word import annotate_docx, comments_from_comparison, render_docx

        comments = comments_from_comparison(comparison, author=args.author, initials=_initials(args.author), suggest=args.suggest)
        if draft.format == "docx":
            data = annotate_docx(draft.data, draft.source, draft.document, comments)
        else:
            data = render_docx(draft.source, draft.document, comments)
        Path(args.docx).write_bytes(data)
    if args.report:
        from drafting.export.report import report_docx

        Path(args.report).write_bytes(report_docx(comparison))
    _print_summary(comparison)
    return 0


def _refuse_overwriting_the_draft(args, draft_path: Path) -> None:
    for out in (args.json, args.csv, args.xlsx, args.docx, args.report):
        if out and Path(out).resolve() == draft_path.resolve():
            raise DraftingError(f"{out} is the draft itself: choose another output name so that the original is kept.")


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()[:4]


def _print_summary(comparison) -> None:
    from drafting.export.tables import summary

    s = summary(comparison)
    _print(f"Model: {comparison.model.title}")
    _print(f"Draft: {comparison.draft.title} ({comparison.draft.name})")
    for note in comparison.all_notes:
        _print(f"note: {note}")
    _print(f"{s['units']} model provisions: {s['covered']} covered, {s['divergent']} divergent, {s['gap']} gaps; "
           f"{s['national_only']} national-only draft provisions; {s['findings']} substantive findings")
    for pair in comparison.pairs:
        for f in pair.findings:
            if f.substantive and f.kind != "gap":
                where = ", ".join(u.label for u in pair.drafts)
                _print(f"  [{f.severity}] {pair.model.label} <- {where}: {f.kind}: {f.message}")
    from drafting.summary import gap_list

    gaps = gap_list(comparison)
    if gaps:
        _print("  gaps: " + "; ".join(gaps))


def cmd_model_law(args) -> int:
    from drafting.modelset import bundled_models, load_model, load_yaml_model

    if args.list:
        for model_id, path in bundled_models().items():
            _print(f"{model_id}\t{path.name}")
        return 0
    if args.check:
        model = load_yaml_model(Path(args.check))
        _print(f"{args.check}: valid ({len(model.units())} units, {len(list(model.document.walk()))} provisions)")
        return 0
    model = load_model(args.model)
    if args.docx:
        from drafting.export.model_docx import model_law_docx

        Path(args.docx).write_bytes(model_law_docx(model))
        _print(f"{model.title} written to {args.docx}")
        return 0
    _print(model.title)
    for unit in model.units():
        elements = ", ".join(model.elements_of(unit))
        _print(f"  {unit.label}: {unit.heading()} [{elements}] {model.priority_of(unit)}")
    return 0

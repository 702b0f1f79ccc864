"""`python -m drafting review ...`: list reviews, export one, back up and restore the database,
read the drafters' answer (a returned .docx) and store it as the review's next version."""

from __future__ import annotations

from pathlib import Path

from drafting.errors import DraftingError


def add_review_commands(sub) -> None:
    p = sub.add_parser("review", help="work with the review database")
    p.add_argument("--db", default=None, help="review database: a SQLite file or a postgresql+psycopg:// URL "
                   "(default: $DRAFTING_DATABASE_URL, else data/reviews.sqlite3 or $DRAFTING_DATA_DIR)")
    rsub = p.add_subparsers(dest="review_command")
    r = rsub.add_parser("list", help="list the reviews")
    r.set_defaults(func=cmd_list)
    r = rsub.add_parser("export", help="export a review: annotated .docx, report, tables")
    r.add_argument("review", type=int)
    r.add_argument("--docx", metavar="OUT")
    r.add_argument("--report", metavar="OUT")
    r.add_argument("--csv", metavar="OUT")
    r.add_argument("--xlsx", metavar="OUT")
    r.add_argument("--json", metavar="OUT")
    r.set_defaults(func=cmd_export)
    r = rsub.add_parser("backup", help="write a consistent copy of the database (a SQLite file, also from PostgreSQL)")
    r.add_argument("out")
    r.set_defaults(func=cmd_backup)
    r = rsub.add_parser("restore", help="replace the database with a backup (the current one is saved first)")
    r.add_argument("backup")
    r.set_defaults(func=cmd_restore)
    r = rsub.add_parser("add-version", help="store a new version of a review's draft; when it is the Word file the drafters "
                        "sent back, import their replies and their decisions on the suggested changes")
    r.add_argument("review", type=int)
    r.add_argument("file")
    r.add_argument("--reviewer", required=True, help="who is recording the new version (shown on the notes it writes)")
    r.set_defaults(func=cmd_add_version)
    r = rsub.add_parser("read-reply", help="read a .docx the drafters returned: their replies, and which suggested changes they accepted")
    r.add_argument("file")
    r.add_argument("--json", metavar="OUT", help="write what was found as JSON (for the review)")
    r.set_defaults(func=cmd_read_reply)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _store(args):
    from drafting.review import ReviewStore

    return ReviewStore(args.db)


def cmd_list(args) -> int:
    for r in _store(args).reviews():
        print(f"{r['id']}\t{r['title']}\tversions: {r['versions']}\tannotations: {r['annotations']}\tmodel: {r['model_ref']}")
    return 0


def cmd_export(args) -> int:
    from drafting.review_session import export_review

    outputs = {k: getattr(args, k) for k in ("docx", "report", "csv", "xlsx", "json") if getattr(args, k)}
    if not outputs:
        raise DraftingError("Say what to export: --docx, --report, --csv, --xlsx and/or --json.")
    written = export_review(_store(args), args.review, outputs)
    for kind, path in written.items():
        print(f"{kind}: {path}")
    return 0


def cmd_backup(args) -> int:
    store = _store(args)
    path = store.backup(Path(args.out))
    print(f"backup written to {path}")
    if store.backend == "postgresql":
        print("This is a copy of the review rows; for backups of the PostgreSQL server itself, use pg_dump.")
    return 0


def cmd_restore(args) -> int:
    safety = _store(args).restore(Path(args.backup))
    print(f"restored from {args.backup}; the previous database was saved as {safety}")
    return 0


def cmd_add_version(args) -> int:
    from drafting.ingest import file_bytes
    from drafting.review_answer import receive_version
    from drafting.review_session import open_review

    session = open_review(_store(args), args.review)
    new, carried, answer = receive_version(session, file_bytes(args.file), Path(args.file).name, args.reviewer)
    print(f"Review {args.review}: version {new.version.version} stored, {len(carried)} annotation(s) carried over.")
    if answer is not None:
        print(f"From the drafters: {answer.replies} replies and {answer.comments} new comments imported; "
              f"{len(answer.resolved)} suggested changes accepted (resolved), {len(answer.rejected)} rejected, "
              f"{len(answer.changed)} rewritten, {answer.pending} not decided (left out of the new version).")
        for title, rows in (("rejected", answer.rejected), ("rewritten", answer.changed), ("resolved", answer.resolved)):
            for row in rows:
                print(f"  {title}: {row}")
    return 0


def cmd_read_reply(args) -> int:
    import json

    from drafting.ingest import file_bytes
    from drafting.ingest.returned import read_returned_docx, review_updates

    returned = read_returned_docx(file_bytes(args.file), Path(args.file).name)
    updates = review_updates(returned)
    if args.json:
        Path(args.json).write_text(json.dumps(updates, indent=2, ensure_ascii=False), encoding="utf-8")
    counts = {status: sum(1 for c in returned.changes if c.status == status) for status in ("accepted", "rejected", "pending", "changed")}
    print(f"{len(returned.changes)} suggested changes: " + ", ".join(f"{n} {status}" for status, n in counts.items()))
    for change in returned.changes:
        if change.status != "pending":
            print(f"  {change.status}: {change.finding_id} “{change.deleted}” → “{change.inserted[:60]}”")
    print(f"{len(updates['replies'])} replies and {len(updates['comments'])} new comments from the drafters")
    for reply in updates["replies"]:
        print(f"  {reply['author']} ({reply['date']}) on {reply['finding_id'] or 'a comment'}: {reply['text'][:80]}")
    return 0

"""`python -m drafting review ...`: list reviews, export one, back up and restore the database."""

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

"""`python -m drafting batch DIR --model M --out coverage.xlsx [--workers N] [--scheduler tcp://HOST:8786]`:
every law in a folder compared with the model on Dask, written as a coverage matrix."""

from __future__ import annotations

from pathlib import Path

from drafting.errors import DraftingError


def add_batch_command(sub) -> None:
    p = sub.add_parser("batch", help="compare every law in a folder with the model and write the coverage matrix")
    p.add_argument("folder", help="folder of laws (.docx, .pdf, .txt, .html; sub-folders included)")
    p.add_argument("--model", default=None, help="bundled model id, a YAML model set, or an official act (default: eu-aligned-model)")
    p.add_argument("--out", default="coverage.xlsx", help="the matrix as .xlsx; the .csv, .json and .png are written beside it")
    p.add_argument("--workers", type=int, default=None, help="worker processes of the local cluster (default: one per core)")
    p.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786", help="use this existing Dask cluster instead of a local one")
    p.add_argument("--cache", default=None, metavar="DIR", help="where results are kept between runs (default: $DRAFTING_DATA_DIR/batch-cache, else batch-cache beside --out)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_batch)


def cmd_batch(args) -> int:
    from drafting.batch import default_cache_dir, run_batch
    from drafting.coverage import build_coverage, compact_lines
    from drafting.export.coverage_files import output_paths, write_outputs

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise DraftingError(f"--out must name an .xlsx file (the .csv, .json and .png are written beside it), not {out.name}.")
    if args.workers is not None and args.workers < 1:
        raise DraftingError("--workers must be at least 1.")
    if args.scheduler and args.workers:
        print("note: --workers is ignored with --scheduler: the cluster has its own workers.")
    written = output_paths(out).values()
    result = run_batch(args.folder, args.model, workers=args.workers, scheduler=args.scheduler,
                       cache_dir=args.cache or default_cache_dir(out), progress=not args.no_progress,
                       exclude=tuple(written))
    print(f"Model: {result.model.title}")
    print(f"{len(result.records)} laws: {result.compared} compared now, {result.cached} from the cache, "
          f"{len(result.errors)} could not be compared" + (f" ({result.workers} workers)" if result.workers else "")
          + f"; {result.seconds:.1f} s")
    for record in result.errors:
        print(f"  not compared: {record['error']}")
    if result.ignored:
        print(f"  {len(result.ignored)} other file(s) ignored (not .docx, .pdf, .txt or .html)")
    if len(result.errors) == len(result.records):
        raise DraftingError(f"None of the {len(result.records)} files in {args.folder} could be compared (see the reasons above).")
    coverage = build_coverage(result.model, result.records, folder=str(Path(args.folder).resolve()))
    out.parent.mkdir(parents=True, exist_ok=True)
    paths = write_outputs(coverage, out)
    if len(coverage.laws) <= 40:
        for line in compact_lines(coverage):
            print(line)
    print("Written: " + ", ".join(str(p) for p in paths))
    return 0

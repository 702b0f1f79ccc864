"""The coverage matrix as files: XLSX (sheets matrix, details, errors, about), CSV, JSON and a
heatmap picture (PNG); and the XLSX or JSON read back, for the app's Corpus page.

The matrix sheet has one row per law and one column per element ("E09 export authorisation"),
each cell written as `status: citation; citation` and filled with the status colour.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from drafting.coverage import (
    COLOURS, DETAIL_KEYS, STATUSES, Cell, Coverage, Element, LawCoverage, coverage_dict, coverage_from_dict, row_label,
)
from drafting.errors import DraftingError

LAW_COLUMNS = ("Country", "Law", "Title", "Partial text")
DETAIL_HEADERS = ("Country", "Law", "Elements", "Model provision", "Heading", "Priority", "Status", "Draft citations", "Findings")
ERROR_HEADERS = ("Law", "Why it was not compared")
MAX_COVERAGE_BYTES = 200 * 1024 * 1024  # expanded size of an XLSX read back


def output_paths(out: str | Path) -> dict[str, Path]:
    """The files one batch writes, next to each other: xlsx, csv, json, png."""
    out = Path(out)
    return {"xlsx": out, "csv": out.with_suffix(".csv"), "json": out.with_suffix(".json"), "png": out.with_suffix(".png")}


def write_outputs(coverage: Coverage, out: str | Path) -> list[Path]:
    paths = output_paths(out)
    write_xlsx(coverage, paths["xlsx"])
    write_csv(coverage, paths["csv"])
    paths["json"].write_text(json.dumps(coverage_dict(coverage), indent=1, ensure_ascii=False), encoding="utf-8")
    paths["png"].write_bytes(heatmap_png(coverage))
    return list(paths.values())


# --- tables -----------------------------------------------------------------------------------------------


def element_header(element: Element) -> str:
    return f"{element.id} {element.name}".strip()


def matrix_rows(coverage: Coverage) -> list[list]:
    """Header row, then one row per law (what the matrix sheet and the CSV hold)."""
    rows: list[list] = [[*LAW_COLUMNS, *(element_header(e) for e in coverage.elements)]]
    for law in coverage.laws:
        cells = [law.cells[e.id].text() if e.id in law.cells else "" for e in coverage.elements]
        rows.append([law.country, law.file, law.title, "yes" if law.partial else "no", *cells])
    return rows


def write_csv(coverage: Coverage, path: str | Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(matrix_rows(coverage))


def write_xlsx(coverage: Coverage, path: str | Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "matrix"
    fills = {s: PatternFill("solid", fgColor=c.lstrip("#")) for s, c in COLOURS.items()}
    for row in matrix_rows(coverage):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first = len(LAW_COLUMNS) + 1
    for row in sheet.iter_rows(min_row=2, min_col=first):
        for cell in row:
            status = _status_of(str(cell.value or ""))
            if status:
                cell.fill = fills[status]
    sheet.freeze_panes = sheet.cell(row=2, column=first)
    for col, width in zip("ABCD", (22, 30, 30, 8)):
        sheet.column_dimensions[col].width = width

    details = book.create_sheet("details")
    details.append(list(DETAIL_HEADERS))
    for row in coverage.details:
        details.append([row[k] for k in DETAIL_KEYS])
    errors = book.create_sheet("errors")
    errors.append(list(ERROR_HEADERS))
    for row in coverage.errors:
        errors.append([row["file"], row["message"]])
    about = book.create_sheet("about")
    for key, value in (("model_id", coverage.model_id), ("model_title", coverage.model_title), ("folder", coverage.folder)):
        about.append([key, value])
    book.save(path)


def _status_of(text: str) -> str | None:
    return next((s for s in STATUSES if text == s or text.startswith(s + ": ")), None)


def parse_cell(text: str) -> Cell | None:
    status = _status_of(text)
    if status is None:
        return None
    rest = text[len(status) + 2:] if len(text) > len(status) else ""
    return Cell(status, [c.strip() for c in rest.split(";") if c.strip()])


# --- reading back ---------------------------------------------------------------------------------------


def read_coverage(data: bytes, name: str) -> Coverage:
    """A coverage file made by `python -m drafting batch` (.xlsx or .json), or a plain refusal."""
    if name.lower().endswith(".json"):
        try:
            raw = json.loads(data.decode("utf-8"))
            if raw.get("schema") != "drafting-coverage/1":
                raise ValueError
            return coverage_from_dict(raw)
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise DraftingError(f"{name} is not a coverage file made by `python -m drafting batch`.") from None
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(data, name)
    raise DraftingError(f"{name} is neither an .xlsx nor a .json coverage file: choose the file the batch wrote.")


def _read_xlsx(data: bytes, name: str) -> Coverage:
    from openpyxl import load_workbook

    _check_xlsx_zip(data, name)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = {title: [list(r) for r in book[title].iter_rows(values_only=True)] for title in book.sheetnames}
    except Exception:  # openpyxl raises many kinds of errors on a damaged workbook
        raise DraftingError(f"{name} is damaged: open it in a spreadsheet program, save it again and choose the new copy.") from None
    if not {"matrix", "details"} <= set(sheets) or not sheets["matrix"]:
        raise DraftingError(f"{name} is a spreadsheet, but not a coverage file made by `python -m drafting batch` (no matrix sheet).")
    return _coverage_from_sheets(sheets)


def _check_xlsx_zip(data: bytes, name: str) -> None:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        raise DraftingError(f"{name} is not a readable .xlsx file (it may be damaged or cut short).") from None
    if sum(i.file_size for i in infos) > MAX_COVERAGE_BYTES:
        raise DraftingError(f"{name} would expand to more than {MAX_COVERAGE_BYTES // 2**20} MB when opened, so it was not read.")


def _coverage_from_sheets(sheets: dict[str, list[list]]) -> Coverage:
    header, *rows = sheets["matrix"]
    elements = []
    for title in header[len(LAW_COLUMNS):]:
        element_id, _, element_name = str(title or "").partition(" ")
        elements.append(Element(element_id, element_name))
    laws = []
    for row in rows:
        if not row or row[1] is None:
            continue
        cells = {}
        for element, value in zip(elements, row[len(LAW_COLUMNS):]):
            cell = parse_cell(str(value or ""))
            if cell is not None:
                cells[element.id] = cell
        laws.append(LawCoverage(str(row[1]), str(row[0] or ""), str(row[2] or ""), row[3] == "yes", cells))
    details = [dict(zip(DETAIL_KEYS, ["" if v is None else v for v in r])) for r in sheets["details"][1:] if any(r)]
    errors = [{"file": str(r[0]), "message": str(r[1] or "")} for r in sheets.get("errors", [[]])[1:] if r and r[0]]
    about = {str(r[0]): str(r[1] or "") for r in sheets.get("about", []) if r and r[0]}
    return Coverage(about.get("model_id", ""), about.get("model_title", ""), elements, laws, details, errors, about.get("folder", ""))


# --- the picture ---------------------------------------------------------------------------------------


def heatmap_png(coverage: Coverage, dpi: int = 110) -> bytes:
    """Laws × elements, one colour per status (matplotlib's Agg renderer: no display needed)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    laws, elements = coverage.laws, coverage.elements
    index = {s: i for i, s in enumerate(STATUSES)}
    grid = [[index.get(law.cells[e.id].status, len(STATUSES)) if e.id in law.cells else len(STATUSES) for e in elements]
            for law in laws] or [[len(STATUSES)] * max(len(elements), 1)]
    label_rows = len(laws) <= 80
    fig = Figure(figsize=(max(6.0, 2.5 + 0.32 * len(elements)), min(40.0, 2.2 + 0.28 * max(len(laws), 1))), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    cmap = ListedColormap([COLOURS[s] for s in STATUSES] + ["#FFFFFF"])
    ax.imshow(grid, cmap=cmap, vmin=-0.5, vmax=len(STATUSES) + 0.5, aspect="auto", interpolation="nearest")
    ax.set_xticks(range(len(elements)), [e.id for e in elements], rotation=90, fontsize=7)
    ax.set_xticks([x - 0.5 for x in range(1, len(elements))], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, len(laws))] if label_rows else [], minor=True)
    ax.grid(which="minor", color="white", linewidth=1)
    ax.tick_params(which="minor", length=0)
    if label_rows:
        ax.set_yticks(range(len(laws)), [_row_label(law) for law in laws], fontsize=7)
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{len(laws)} laws")
    ax.set_title(f"Coverage of {coverage.model_title or coverage.model_id}", fontsize=9)
    ax.legend(handles=[Patch(color=COLOURS[s], label=s) for s in STATUSES], loc="upper left",
              bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()


def _row_label(law: LawCoverage) -> str:
    label = row_label(law)
    return label if len(label) <= 60 else label[:59] + "…"

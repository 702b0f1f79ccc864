"""The comparison as data: the JSON the CLI writes (stable keys: scripts read them) and the
tables of findings and annotations (CSV, XLSX)."""

from __future__ import annotations

import json
from pathlib import Path

from drafting.compare import STATUSES, Comparison, Finding
from drafting.language import detect_document
from drafting.tree import Provision


def provision_dict(p: Provision) -> dict:
    out = {"id": p.id, "label": p.label, "kind": p.kind, "heading": p.heading, "text": p.text}
    if p.trailing:
        out["trailing"] = p.trailing
    out["children"] = [provision_dict(c) for c in p.children]
    return out


def finding_dict(f: Finding) -> dict:
    out = {
        "id": f.id,
        "kind": f.kind,
        "severity": f.severity,
        "direction": f.direction,
        "substantive": f.substantive,
        "message": f.message,
    }
    if f.model_span:
        out["model_evidence"] = {"start": f.model_span.start, "end": f.model_span.end, "text": f.model_span.text}
    if f.draft_span:
        out["draft_evidence"] = {"provision": f.draft_id, "start": f.draft_span.start, "end": f.draft_span.end, "text": f.draft_span.text}
    return out


def comparison_dict(c: Comparison, annotations: list[dict] | None = None) -> dict:
    """The comparison JSON: keys `model`, `draft`, `alignments`, `national_only` (kept stable)."""
    alignments = []
    for pair in c.pairs:
        unit = pair.model
        alignments.append({
            "model": {
                "id": unit.id,
                "label": unit.label,
                "heading": unit.heading(),
                "elements": c.model.elements_of(unit),
                "priority": c.model.priority_of(unit),
                "text": unit.text(),
            },
            "draft": [{"id": link.draft.id, "label": link.draft.label, "score": link.score, "uncertain": link.uncertain,
                       "text": link.draft.text()} for link in pair.links],
            "status": pair.status,
            "score": round(pair.score, 3),
            "reasons": pair.links[0].reasons if pair.links else ["no draft provision is similar enough"],
            "findings": [finding_dict(f) for f in pair.findings],
        })
    out = {
        "model": {"id": c.model.id, "title": c.model.title, "kind": c.model.kind},
        "draft": {
            "name": c.draft.name,
            "title": c.draft.title,
            "format": c.draft.format,
            "structured": c.draft.structured,
            "tracked_changes": c.draft.tracked_changes,
            "partial": c.draft.partial,
            "language": c.draft.language or detect_document([u.text() for u in c.draft.units()]).code,
            "language_set_by_user": c.draft.language_set,
            "notes": c.all_notes,
        },
        "alignments": alignments,
        "national_only": [
            {"id": n.unit.id, "label": n.unit.label, "heading": n.unit.heading(), "text": n.unit.text(),
             "findings": [finding_dict(f) for f in n.findings]}
            for n in c.national_only
        ],
        "summary": summary(c),
    }
    if annotations is not None:
        out["annotations"] = annotations
    return out


def summary(c: Comparison) -> dict:
    statuses = {status: 0 for status in STATUSES}
    for p in c.pairs:
        statuses[p.status] += 1
    findings = [f for f in c.findings() if f.substantive]
    by_severity: dict[str, int] = {}
    for f in findings:
        by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
    return {"units": len(c.pairs), **statuses, "national_only": len(c.national_only), "findings": len(findings), "by_severity": by_severity}


def write_json(c: Comparison, path: str | Path, annotations: list[dict] | None = None) -> None:
    Path(path).write_text(json.dumps(comparison_dict(c, annotations), indent=2, ensure_ascii=False), encoding="utf-8")


def finding_rows(c: Comparison) -> list[dict]:
    """One row per finding, with the provisions it concerns (national-only provisions listed too)."""
    rows = []
    for pair in c.pairs:
        for f in pair.findings:
            rows.append({
                "finding_id": f.id,
                "model_provision": pair.model.label,
                "model_heading": pair.model.heading(),
                "elements": ", ".join(c.model.elements_of(pair.model)),
                "priority": c.model.priority_of(pair.model),
                "draft_provisions": "; ".join(u.label for u in pair.drafts),
                "status": pair.status,
                "kind": f.kind,
                "severity": f.severity,
                "direction": f.direction,
                "substantive": f.substantive,
                "message": f.message,
                "model_evidence": f.model_span.text if f.model_span else "",
                "draft_evidence": f.draft_span.text if f.draft_span else "",
            })
    for n in c.national_only:
        base = {"finding_id": "", "model_provision": "", "model_heading": "", "elements": "", "priority": "",
                "draft_provisions": n.unit.label, "status": "national-only", "model_evidence": ""}
        rows.append({**base, "kind": "national-only", "severity": "info", "direction": "", "substantive": False,
                     "message": f"{n.unit.label} has no counterpart in the model.", "draft_evidence": ""})
        for f in n.findings:
            rows.append({**base, "finding_id": f.id, "kind": f.kind, "severity": f.severity, "direction": f.direction,
                         "substantive": f.substantive, "message": f.message, "draft_evidence": f.draft_span.text if f.draft_span else ""})
    return rows


def write_csv(c: Comparison, path: str | Path) -> None:
    import pandas as pd

    pd.DataFrame(finding_rows(c)).to_csv(path, index=False)


def write_xlsx(c: Comparison, path: str | Path, annotations: list[dict] | None = None) -> None:
    import pandas as pd

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        pd.DataFrame(finding_rows(c)).to_excel(writer, sheet_name="Findings", index=False)
        if annotations is not None:
            pd.DataFrame(annotations).to_excel(writer, sheet_name="Annotations", index=False)

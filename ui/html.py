"""HTML for the app, built from escaped text only.

Every piece of draft, model or user text goes through `esc` before it is put in HTML, so a
draft containing `<script>` or markdown characters is shown as the characters it contains.
"""

from __future__ import annotations

import html

from drafting.diff import DELETE, INSERT, DiffOp
from drafting.language import RIGHT_TO_LEFT

STATUS_BADGE = {
    "covered": ("✔", "Covered", "#2E7D32", "#E8F5E9"),
    "stricter": ("◎", "Stricter", "#1565C0", "#E3F2FD"),
    "divergent": ("▲", "Divergent", "#8D6E00", "#FFF8E1"),
    "gap": ("✖", "Gap", "#B71C1C", "#FFEBEE"),
    "not-assessable": ("…", "Not assessable", "#546E7A", "#ECEFF1"),
    "national-only": ("◆", "National only", "#37474F", "#ECEFF1"),
}
SEVERITY_BADGE = {
    "high": ("●", "High", "#B71C1C"),
    "medium": ("◐", "Medium", "#E65100"),
    "low": ("○", "Low", "#1565C0"),
    "info": ("·", "Note", "#546E7A"),
}

CSS = """
<style>
.dr-box{border:1px solid #d0d7de;border-radius:6px;padding:10px 12px;background:#fff;line-height:1.55;font-size:0.95rem;white-space:pre-wrap}
.dr-ins{background:#d4f7dc;color:#1b5e20;text-decoration:underline}
.dr-del{background:#ffe0e0;color:#b71c1c;text-decoration:line-through}
.dr-badge{display:inline-block;border-radius:10px;padding:1px 9px;margin:0 4px 4px 0;font-size:0.82rem;font-weight:600}
.dr-ev{background:#fff3b0;border-bottom:2px solid #f9a825}
.dr-label{font-weight:700}
.dr-note{background:#eef3f9;border-left:4px solid #1F4E79;padding:8px 12px;font-size:0.9rem}
</style>
"""


def esc(text: str) -> str:
    """Text made safe for HTML: tags, entities and quotes become plain characters."""
    return html.escape(text or "", quote=True)


def status_badge(status: str) -> str:
    symbol, word, fg, bg = STATUS_BADGE[status]
    return f'<span class="dr-badge" style="color:{fg};background:{bg};border:1px solid {fg}">{symbol} {word}</span>'


def severity_badge(severity: str, kind_title: str) -> str:
    symbol, word, fg = SEVERITY_BADGE.get(severity, ("·", severity, "#546E7A"))
    return f'<span class="dr-badge" style="color:#fff;background:{fg}">{symbol} {word} · {esc(kind_title)}</span>'


def status_text(status: str) -> str:
    """Status as symbol and word, readable without colour (for select boxes and tables)."""
    symbol, word, _, _ = STATUS_BADGE[status]
    return f"{symbol} {word}"


def redline_html(ops: list[DiffOp]) -> str:
    out = []
    for op in ops:
        text = esc(op.text)
        if op.op == INSERT:
            out.append(f'<ins class="dr-ins" title="added by the draft">{text}</ins>')
        elif op.op == DELETE:
            out.append(f'<del class="dr-del" title="model wording not in the draft">{text}</del>')
        else:
            out.append(text)
    return f'<div class="dr-box" dir="auto">{"".join(out)}</div>'


def text_box(text: str, highlights: list[tuple[int, int]] | None = None, lang: str = "") -> str:
    """A provision's text with evidence spans highlighted, in its own direction (Arabic right to left)."""
    text = text or ""
    marks = sorted((max(0, s), min(len(text), e)) for s, e in (highlights or []) if e > s)
    out, pos = [], 0
    for s, e in marks:
        if s < pos:
            continue
        out.append(esc(text[pos:s]))
        out.append(f'<mark class="dr-ev">{esc(text[s:e])}</mark>')
        pos = e
    out.append(esc(text[pos:]))
    attrs = f' lang="{esc(lang)}"' if lang else ""
    direction = "rtl" if lang in RIGHT_TO_LEFT else "auto"
    return f'<div class="dr-box" dir="{direction}"{attrs}>{"".join(out)}</div>'


def note_box(title: str, text: str) -> str:
    return f'<div class="dr-note"><b>{esc(title)}</b><br>{esc(text)}</div>'

"""Word-level redline with diff-match-patch.

Words (and the spaces and punctuation between them) are mapped to single characters before
diffing, the way diff-match-patch maps lines, so the diff is over words and stays fast on long
texts: a character-level diff of two long provisions is both slow and unreadable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

TOKEN = re.compile(r"\w+(?:[-’']\w+)*|\s+|[^\w\s]")

EQUAL, INSERT, DELETE = 0, 1, -1


@dataclass(frozen=True)
class DiffOp:
    op: int  # 0 equal, 1 inserted in the draft, -1 deleted from the model
    text: str


def word_diff(model_text: str, draft_text: str, timeout: float = 1.0) -> list[DiffOp]:
    """The redline from the model text to the draft text, word by word."""
    a_tokens = TOKEN.findall(model_text)
    b_tokens = TOKEN.findall(draft_text)
    codes: dict[str, str] = {}
    table: list[str] = []

    def encode(tokens: list[str]) -> str:
        out = []
        for tok in tokens:
            code = codes.get(tok)
            if code is None:
                code = chr(len(table) + 0x100)  # past control characters and ASCII
                codes[tok] = code
                table.append(tok)
            out.append(code)
        return "".join(out)

    a, b = encode(a_tokens), encode(b_tokens)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = timeout
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    ops = [DiffOp(op, "".join(table[ord(c) - 0x100] for c in chars)) for op, chars in diffs]
    return _merge(ops)


def _merge(ops: list[DiffOp]) -> list[DiffOp]:
    out: list[DiffOp] = []
    for op in ops:
        if not op.text:
            continue
        if out and out[-1].op == op.op:
            out[-1] = DiffOp(op.op, out[-1].text + op.text)
        else:
            out.append(op)
    return out

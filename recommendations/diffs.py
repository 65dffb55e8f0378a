"""Word-by-word differences between two versions of a narrative."""

import difflib
import re
from dataclasses import dataclass

# Words keep their trailing whitespace so the pieces join back into the original text.
WORD = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class Piece:
    """A run of text that is unchanged, inserted or deleted."""

    kind: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`, compared word by word."""
    old_words = WORD.findall(old or "")
    new_words = WORD.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    pieces = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece("equal", "".join(old_words[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            pieces.append(Piece("delete", "".join(old_words[i1:i2])))
        if tag in ("insert", "replace"):
            pieces.append(Piece("insert", "".join(new_words[j1:j2])))
    return pieces

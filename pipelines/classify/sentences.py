"""Sentence splitting that keeps offsets, for English and Chinese news text."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

# Chinese full stops end a sentence outright; Latin ones need a following space or capital
# (the tracker's texts often lose the space after a full stop: "2019.According").
_BOUNDARY = re.compile(
    r"[。！？!?；;]+[」』”’\"）)]*"
    r"|\n+"
    r"|(?<![A-Z][a-z])(?<!\b[A-Z])(?<!\b(?:Mr|Ms|Dr|St|No|vs|Jr|Sr))"
    r"(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Rep|Sen|Gov|Gen|Col|Sgt|Mrs))"
    r"(?<!\b(?:Sept|Capt|Supt))\.(?=\s|[A-Z“\"])"
)


@dataclass(frozen=True)
class Sentences:
    """Sentences of one text with their start offsets, to map a match back to its sentence."""

    text: str
    starts: list[int]
    ends: list[int]

    def index_of(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def get(self, index: int) -> str:
        return self.text[self.starts[index] : self.ends[index]].strip()

    def __len__(self) -> int:
        return len(self.starts)


def split_sentences(text: str) -> Sentences:
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        if text[pos : m.end()].strip():
            starts.append(pos)
            ends.append(m.end())
        pos = m.end()
    if text[pos:].strip():
        starts.append(pos)
        ends.append(len(text))
    return Sentences(text, starts, ends)

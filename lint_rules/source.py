"""Source text with a line index: offsets <-> 1-based (line, column)."""

from __future__ import annotations

from bisect import bisect_right


class SourceText:
    """The text of a list and the offsets where its lines start.

    Offsets are indexes into the Python string (code points), which is what every edit uses.
    """

    __slots__ = ("line_starts", "newline", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.line_starts = starts
        self.newline = "\r\n" if "\r\n" in text[:4096] else "\n"

    @property
    def line_count(self) -> int:
        """Number of lines; a final newline does not open an extra line."""
        n = len(self.line_starts)
        if self.text.endswith("\n"):
            n -= 1
        return max(n, 1)

    def line_of(self, offset: int) -> int:
        """1-based line number holding ``offset``."""
        return bisect_right(self.line_starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``."""
        line = self.line_of(offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line_start(self, line: int) -> int:
        return self.line_starts[line - 1]

    def line_end(self, line: int) -> int:
        """Offset just past the line's content, before its line ending."""
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.text)
        if end > self.line_starts[line - 1] and self.text[end - 1] == "\r":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        return self.text[self.line_start(line) : self.line_end(line)]

    def lines_text(self, first: int, last: int) -> str:
        """Lines ``first``..``last`` without the final line ending."""
        return self.text[self.line_start(first) : self.line_end(last)]

"""Source text with a line index: offsets <-> 1-based (line, column)."""

from __future__ import annotations

from bisect import bisect_right

# Hundreds of thousands of tiny lines cost markdown-it alone seconds per megabyte, and no paper
# list is shaped so (3,000 real entries fill 16,000 lines of 45 bytes on average): past these
# limits a text is refused rather than read, by the CLI and by the review bot alike.
MIN_LINE_LIMIT = 40_000  # lines any file may have
MIN_BYTES_PER_LINE = 40  # past that, a file must average this many bytes a line


def max_lines(size: int) -> int:
    """How many lines a list of ``size`` bytes may have: real lists average 45+ bytes a line."""
    return max(MIN_LINE_LIMIT, size // MIN_BYTES_PER_LINE)


def too_many_lines(text: str, size: int) -> str | None:
    """Why ``text`` (``size`` bytes in the file) is not read as a paper list, or None."""
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines <= max_lines(size):
        return None
    return (f"has {lines:,} lines in {size:,} bytes: too many short lines for a paper list "
            f"(at most {max_lines(size):,} for its size)")


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

"""YAML mistakes explained: parser errors turned into a place and a sentence that says what to do.

The parsers speak of tokens (``expected <block end>, but found '<block
mapping start>'``); editors make a handful of mistakes over and over: a key
one space off, a colon inside text, a value that starts with a reserved
character, a quote never closed, a tab.  :func:`explain` recognises each one
from the error and the text around it, points at the line and column where
the mistake is (where a quote opens, not where the file ends), and shows the
corrected line where one helps.  A ``#`` that silently cuts a plain text is
not an error to the parser: :func:`comment_cut` words that warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ruamel.yaml.error import MarkedYAMLError, YAMLError

#: `key: value` at the start of a line, after any `- ` list markers.
_KEY_VALUE_RE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s#'\"\[\]{}&*!|>%@`,-][^:#]*?):(?:\s+|$)")
#: A key the way playbooks write them: a word with letters, digits, `_` or `-`.
_WORD_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
_LEAD_RE = re.compile(r"^(\s*)((?:-\s+)*)")
#: Characters YAML reserves at the start of a plain value.
_RESERVED = {"%": "a directive", "@": "nothing yet (reserved)", "`": "nothing yet (reserved)"}
_STARTERS = {"[": "a list", "{": "a mapping", '"': "quoted text", "'": "quoted text"}


@dataclass(frozen=True)
class Explained:
    """A parser error as an editor would want it: 1-based line and column, and what to do."""

    line: int
    column: int
    message: str


def quoted(text: str) -> str:
    """``text`` as a YAML quoted scalar: double quotes unless it holds some (or a backslash)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _example(line: str) -> str:
    return f"for example `{line.rstrip()}`"


def _indented(count: int) -> str:
    return f"indented {count} space{'s' * (count != 1)}" if count else "not indented"


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _line(lines: list[str], index: int) -> str:
    return lines[index] if 0 <= index < len(lines) else ""


def _content_column(line: str) -> int:
    """Where a line's key or value starts: after its indentation and any `- ` markers."""
    match = _LEAD_RE.match(line)
    return match.end() if match else 0


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _previous_content(lines: list[str], index: int) -> int | None:
    for earlier in range(index - 1, -1, -1):
        if _is_content(lines[earlier]) and not lines[earlier].lstrip().startswith(("---", "...")):
            return earlier
    return None


def _nearest_key(lines: list[str], index: int, column: int, items: bool = False) -> tuple[int, int] | None:
    """The line above whose key (or list item, with ``items``) ``column`` most likely meant to line up with.

    Walking up, only a line further left than every line seen so far can still hold an open mapping (or
    list); of those, the one nearest in column wins, the lower one on a tie.
    """
    best: tuple[int, int] | None = None
    leftmost: int | None = None
    for earlier in range(index - 1, -1, -1):
        text = lines[earlier]
        if not _is_content(text):
            continue
        indent = len(text) - len(text.lstrip(" "))
        at = indent if items else _content_column(text)
        if leftmost is not None and indent >= leftmost and at >= leftmost:
            continue
        leftmost = indent
        if items and not text.lstrip().startswith("- "):
            continue
        if at != column and (best is None or abs(at - column) < abs(best[1] - column)):
            best = (earlier, at)
        if indent == 0:
            break
    return best


def _key_of(line: str) -> str | None:
    match = _KEY_VALUE_RE.match(line)
    return match.group("key").strip() if match else None


def explain(exc: YAMLError, text: str) -> Explained | None:
    """The mistake behind a parser error, or None when it is none of the common ones."""
    if not isinstance(exc, MarkedYAMLError) or exc.problem_mark is None:
        return None
    lines = _lines(text)
    problem = exc.problem or ""
    context = exc.context or ""
    line, column = exc.problem_mark.line, exc.problem_mark.column
    at = _line(lines, line)[column : column + 1]
    if at == "\t" or "tab" in problem:
        return _tab(lines, line, column)
    if "quoted scalar" in context and exc.context_mark is not None:
        return _quote(lines, exc, problem)
    if "mapping values are not allowed" in problem:
        return _colon(lines, line, column)
    if "cannot start any token" in problem and at in _RESERVED:
        return _reserved(lines, line, column, at)
    if context in ("while scanning an alias", "while scanning an anchor") and exc.context_mark is not None:
        mark = exc.context_mark
        return _indicator(lines, mark.line, mark.column)
    if problem == "found undefined alias" or problem.startswith("found undefined alias"):
        return _indicator(lines, line, column)
    if (
        "expected <block end>" in problem
        or "did not find expected key" in problem
        or "did not find expected '-' indicator" in problem
    ):
        return _block(lines, line, column)
    return None


def _tab(lines: list[str], line: int, column: int) -> Explained:
    text = _line(lines, line)
    indentation = text[: len(text) - len(text.lstrip(" \t"))]
    if "\t" in indentation:
        first = text.index("\t")
        fixed = indentation.replace("\t", "  ") + text.lstrip(" \t")
        return Explained(
            line + 1,
            first + 1,
            "this line is indented with a tab, and YAML allows only spaces in indentation: "
            f"indent with spaces (two per level), {_example(fixed)}",
        )
    at = text.find("\t", column) if "\t" in text[column:] else text.find("\t")
    return Explained(
        line + 1,
        (at if at >= 0 else column) + 1,
        "YAML does not allow a tab here: replace it with spaces",
    )


def _quote(lines: list[str], exc: MarkedYAMLError, problem: str) -> Explained:
    mark = exc.context_mark
    assert mark is not None
    text = _line(lines, mark.line)
    quote = text[mark.column : mark.column + 1] or '"'
    if "end of stream" in problem or "document separator" in problem:
        opened = text[mark.column + 1 :].rstrip()
        return Explained(
            mark.line + 1,
            mark.column + 1,
            f"the quote {quote} that opens here is never closed, so YAML reads the rest of the file as this "
            f"text: end the text with {quote} on this line, {_example(text[: mark.column] + quote + opened + quote)}",
        )
    if "escape" in problem and exc.problem_mark is not None:
        bad = exc.problem_mark
        value = text[mark.column + 1 :].rstrip().removesuffix(quote)
        fixed = text[: mark.column] + "'" + value.replace("'", "''") + "'"
        return Explained(
            bad.line + 1,
            bad.column,  # the mark is on the letter after the backslash
            "in double quotes a backslash starts an escape such as `\\n`: write `\\\\` for a backslash, or use "
            f"single quotes, {_example(fixed)}",
        )
    return Explained(
        mark.line + 1,
        mark.column + 1,
        f"the quoted text that opens here cannot be read ({problem}): close it with {quote} on the same line",
    )


def _colon(lines: list[str], line: int, column: int) -> Explained:
    text = _line(lines, line)
    before = text[:column]
    match = _KEY_VALUE_RE.match(before)
    if match is not None and match.end() <= column:
        key = match.group("key").strip()
        value = text[match.end() :].rstrip()
        return Explained(
            line + 1,
            column + 1,
            f"the text of `{key}` contains `: ` (a colon and a space), which YAML reads as the start of a new key: "
            f"put the whole text in quotes, {_example(match.group('lead') + key + ': ' + quoted(value))}",
        )
    lead = _content_column(text)
    candidate = before[lead:].strip()
    previous = _previous_content(lines, line)
    if _WORD_RE.fullmatch(candidate) and previous is not None and _content_column(lines[previous]) != lead:
        nearest = _nearest_key(lines, line, lead)
        if nearest is not None:
            previous, expected = nearest
            name = _key_of(lines[previous])
            what = f"`{name}` on line {previous + 1}" if name else f"line {previous + 1}"
            fixed = " " * expected + text[lead:]
            return Explained(
                line + 1,
                lead + 1,
                f"`{candidate}` is {_indented(lead)} but {what} above it is {_indented(expected)}, "
                f"so YAML reads this line as more of the text above: start the keys of one mapping in the same "
                f"column, {_example(fixed)}",
            )
    owner = None
    for earlier in range(line - 1, -1, -1):
        name = _key_of(lines[earlier])
        if name is not None and _content_column(lines[earlier]) < lead:
            owner = (name, earlier)
            break
    where = f" of `{owner[0]}` (line {owner[1] + 1})" if owner else ""
    return Explained(
        line + 1,
        column + 1,
        f"this line continues the text{where}, and the `: ` in it reads as the start of a new key: put the whole "
        "text in quotes, or write it as a block (`|` after the key, the text indented on the lines below)",
    )


def _reserved(lines: list[str], line: int, column: int, character: str) -> Explained:
    text = _line(lines, line)
    value = text[column:].rstrip()
    fixed = text[:column] + quoted(value)
    return Explained(
        line + 1,
        column + 1,
        f"a plain value cannot start with `{character}` in YAML: put the value in quotes, {_example(fixed)}",
    )


def _indicator(lines: list[str], line: int, column: int) -> Explained:
    text = _line(lines, line)
    character = text[column : column + 1] or "*"
    meaning = "an alias (a reference to an anchor)" if character == "*" else "an anchor"
    value = text[column:].rstrip()
    return Explained(
        line + 1,
        column + 1,
        f"`{character}` at the start of a value makes it {meaning} in YAML: to write text that starts with "
        f"`{character}`, put it in quotes, {_example(text[:column] + quoted(value))}",
    )


def _block(lines: list[str], line: int, column: int) -> Explained | None:
    text = _line(lines, line)
    lead = _content_column(text)
    indent = len(text) - len(text.lstrip(" "))
    if column > indent:
        return _after_value(lines, line, column)
    if text.lstrip().startswith("- "):
        item = _nearest_key(lines, line, indent, items=True)
        if item is None:
            return None
        earlier, expected = item
        fixed = " " * expected + text.lstrip(" ")
        return Explained(
            line + 1,
            indent + 1,
            f"this list item is {_indented(indent)} but the item on line {earlier + 1} above it is "
            f"{_indented(expected)}: start every item of a list in the same column, {_example(fixed)}",
        )
    name = _key_of(text)
    nearest = _nearest_key(lines, line, lead)
    if name is None or nearest is None:
        return None
    previous, expected = nearest
    sibling = _key_of(lines[previous])
    what = f"`{sibling}` on line {previous + 1}" if sibling else f"line {previous + 1}"
    fixed = " " * expected + text[lead:]
    return Explained(
        line + 1,
        lead + 1,
        f"`{name}` is {_indented(lead)} but {what} above it is {_indented(expected)}: "
        f"start the keys of one mapping in the same column, {_example(fixed)}",
    )


def _after_value(lines: list[str], line: int, column: int) -> Explained | None:
    """Text after a value that YAML ended early: `title: [draft] plan`, `title: "Hello" world`."""
    text = _line(lines, line)
    match = _KEY_VALUE_RE.match(text)
    if match is None or match.end() >= len(text):
        return None
    start = text[match.end() :][:1]
    if start not in _STARTERS:
        return None
    key = match.group("key").strip()
    fixed = match.group("lead") + key + ": " + quoted(text[match.end() :].rstrip())
    return Explained(
        line + 1,
        match.end() + 1,
        f"the value of `{key}` starts with `{start}`, so YAML reads it as {_STARTERS[start]} that ends before the "
        f"rest of the line: put the whole value in quotes, {_example(fixed)}",
    )


def duplicate_key(key: object, first_line: int) -> str:
    """The message for a key given twice in one mapping (YAML would silently keep one)."""
    return (
        f"duplicate key `{key}`: it is already set on line {first_line} of this mapping; keep one of the two "
        "(merge their values if both matter)"
    )


_CUT_RE = re.compile(r"^(\s+)#(?=[^\s#])")
#: Ids and references never hold a `#`: a comment after one cuts nothing.
_ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def comment_cut(line: str, start: int, end: int, key: str | None) -> tuple[int, str] | None:
    """A ``#`` that starts a comment right after a plain text and reads as part of it, like ``ward #3``.

    ``start`` and ``end`` are the 0-based columns of the plain value on ``line``. Returns the 0-based
    column of the ``#`` and the warning, or None when the line has no such comment. A comment written
    the usual way, ``# `` with a space, is left alone.
    """
    rest = line[end:]
    match = _CUT_RE.match(rest)
    if match is None:
        return None
    kept = line[start:end]
    if _ID_RE.fullmatch(kept):
        return None
    whole = line[start:].rstrip()
    name = f"`{key}`" if key else "the value"
    fixed = line[:start] + quoted(whole)
    return (
        end + match.end() - 1,
        f"this `#` starts a YAML comment, so {name} is read as {quoted(kept)} and the rest of the line is "
        f"dropped: to keep the `#`, put the whole text in quotes, {_example(fixed)}; to mean a comment, write "
        "`# ` with a space after it",
    )

"""The large HTML blocks of generated pages, kept out of a Markdown engine's way and put back after it.

A page of the playbook is mostly finished HTML (tables, pictures) between a
few Markdown headings. Python-Markdown passes such a block through unchanged,
but only after parsing it, with ``md_in_html`` and MkDocs' anchor finder, and
then Material's search parses the page again: at 1,000 objectives that was
most of a build. :func:`lift` swaps each block for a comment the engine
passes on as it is; :func:`for_search` replaces the comments with the
blocks' words only (pictures marked ``data-search-exclude`` give none), and
:func:`restore` puts the blocks back, so the published page holds exactly
the HTML that was generated.

Only blocks Python-Markdown would keep verbatim are lifted: a block that
starts at the margin, after a blank line, with one of :data:`LIFTED` tags,
runs (across blank lines, as Markdown reads it) to the tag's closing, and
carries no ``markdown`` attribute. A top-level ``<svg>`` is not one: Markdown
wraps it in a paragraph. A comment that lands in a code block (shown as
text) is put back as the block's text.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

LIFTED = ("table", "figure", "div", "dl", "ul", "ol", "p", "details")
"""Block tags whose blocks are lifted; headings and paragraphs stay, for the table of contents and search titles."""

_START = re.compile(r"<(" + "|".join(LIFTED) + r")[\s>]")
_ANY_START = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>/]")
_MARKDOWN_ATTRIBUTE = re.compile(r"<[a-z][^>]*\smarkdown(?:\s*=|[\s>])", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
# The markers of any page (the token is compared in Python: a pattern per page would be compiled per page).
_MARKER = re.compile(r"<!--sb-block:(\d+):([0-9a-f]+)-->")
_WORDS = re.compile(r"(<)!--sb-words:(\d+):([0-9a-f]+)-->.*?<!--/sb-words-->", re.DOTALL)
_MARKER_OR_CODE = re.compile(r"(<|&lt;)!--sb-block:(\d+):([0-9a-f]+)--(?:>|&gt;)")
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass(frozen=True)
class Lifted:
    """A page's Markdown with its blocks swapped for comments, and the blocks in order."""

    markdown: str
    token: str
    encoded: tuple[bytes, ...]
    """The blocks as UTF-8: a page's text with an arrow in it would take two bytes a character as ``str``."""

    @property
    def blocks(self) -> tuple[str, ...]:
        return tuple(block.decode("utf-8") for block in self.encoded)

    def _block(self, index: int) -> str:
        return self.encoded[index].decode("utf-8")

    def anchors(self) -> set[str]:
        """The element ids (and names) the lifted blocks hold, for the engine's check of links to anchors."""
        found: set[str] = set()
        for block in self.encoded:
            _attribute_values(block, b'id="', found)
            _attribute_values(block, b'name="', found)
        return found

    def words(self) -> tuple[str, ...]:
        """The words a search indexer takes from each block (see :meth:`for_search`)."""
        return tuple(_words(self._block(index)) for index in range(len(self.encoded)))

    def for_search(self, content: str, words: tuple[str, ...] | None = None) -> str:
        """``content`` with each marker wrapped around its block's words, for a search indexer.

        ``words``: the blocks' words as :meth:`words` gives them, when they were worked out already.
        """

        def marked(match: re.Match[str]) -> str:
            if match.group(2) != self.token:
                return match.group(0)
            index = int(match.group(1))
            text = words[index] if words is not None else _words(self._block(index))
            return f"<!--sb-words:{index}:{self.token}-->{text}<!--/sb-words-->"

        return _MARKER.sub(marked, content)

    def restore(self, content: str) -> str:
        """``content`` with each marker, or the words :meth:`for_search` put there, replaced by its block."""
        token = self.token

        def block(match: re.Match[str]) -> str:
            if match.group(3) != token:
                return match.group(0)
            found = self._block(int(match.group(2)))
            # A marker inside a code block is shown as text there: so is the block, as the engine would show it.
            return _code_escape(found) if match.group(1) == "&lt;" else found

        return _MARKER_OR_CODE.sub(block, _WORDS.sub(block, content))


def _attribute_values(block: bytes, attribute: bytes, found: set[str]) -> None:
    """Add to ``found`` the values of ``attribute`` in the tags of ``block``.

    Found with ``bytes.find`` (a page of the playbook holds megabytes of blocks): an occurrence counts
    after white space inside a tag, that is after the last ``<`` before it and no ``>`` since.
    """
    start = 0
    while (at := block.find(attribute, start)) >= 0:
        start = at + len(attribute)
        end = block.find(b'"', start)
        if end < 0:
            return
        if block[at - 1 : at].isspace() and block.rfind(b"<", 0, at) > block.rfind(b">", 0, at):
            found.add(block[start:end].decode("utf-8"))


def _code_escape(text: str) -> str:
    """``text`` escaped as Python-Markdown escapes a fenced code block (quotes too)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _words(block: str) -> str:
    """The text a search indexer takes from ``block``: its words, without the parts marked ``data-search-exclude``."""
    if "data-search-exclude" in block:
        first = _TAG_NAME.match(block)
        if first is not None and "data-search-exclude" in first.group(0):
            return ""  # a lifted block is one element: excluded whole
        block = _without_excluded(block)
    text = _SPACE.sub(" ", _TAG.sub(" ", block)).strip()
    return f"<p>{text}</p>" if text else ""


def _without_excluded(block: str) -> str:
    """``block`` without its elements marked ``data-search-exclude`` (and their content), as Material skips them."""
    kept: list[str] = []
    position, skipping, depth = 0, "", 0
    for tag in _TAG_NAME.finditer(block):
        closing, name, whole = tag.group(1), tag.group(2).lower(), tag.group(0)
        if whole.endswith("/>") or name in _VOID:
            continue
        if not skipping:
            if not closing and "data-search-exclude" in whole:
                kept.append(block[position : tag.start()])
                skipping, depth = name, 1
        elif name == skipping:
            depth += -1 if closing else 1
            if depth == 0:
                position, skipping = tag.end(), ""
    if not skipping:
        kept.append(block[position:])
    return "".join(kept)


def lift(markdown: str) -> Lifted:
    """Swap the liftable HTML blocks of ``markdown`` for comments (see the module's docstring)."""
    token = hashlib.blake2b(markdown.encode("utf-8"), digest_size=6).hexdigest()
    chunks = re.split(r"(\n(?:[ \t]*\n)+)", markdown)
    blocks: list[bytes] = []
    out: list[str] = []
    fenced = in_comment = False
    top_level = True
    pending: list[str] = []
    open_tag, depth = "", 0
    for chunk in chunks:
        if not chunk.strip():
            (pending if open_tag else out).append(chunk)
            continue
        if open_tag:
            # Inside an HTML block that a blank line did not end (a table in a <details>, a field's code
            # block): Markdown reads on to its closing tag, so the block is lifted whole or not at all.
            pending.append(chunk)
            depth += _balance(chunk, open_tag)
            if depth <= 0:
                block = "".join(pending)
                out.append(_marked(block, token, blocks) if top_level else block)
                pending, open_tag = [], ""
            continue
        top_level = not (fenced or in_comment)
        if "```" in chunk or "~~~" in chunk:
            fenced ^= len(_FENCE.findall(chunk)) % 2 == 1
        if in_comment or "<!--" in chunk:
            in_comment = _comment_open(chunk, in_comment)
        start = _ANY_START.match(chunk)
        if top_level and start is not None and (balance := _balance(chunk, start.group(1).lower())) > 0:
            pending, open_tag, depth = [chunk], start.group(1).lower(), balance
            continue
        if top_level and not fenced and not in_comment and _liftable(chunk):
            out.append(_marked(chunk, token, blocks, checked=True))
            continue
        out.append(chunk)
        # An element Markdown reads to its end (Markdown inside HTML, raw text) opened within the run.
        for found in _HOLDING.finditer(chunk) if "<" in chunk else ():
            name = found.group(1).lower()
            if (balance := _balance(chunk[found.start() :], name)) > 0:
                pending, open_tag, depth, top_level = [], name, balance, False
                break
    out.extend(pending)  # never closed: Markdown's to read
    return Lifted("".join(out), token, tuple(blocks))


def _marked(block: str, token: str, blocks: list[bytes], checked: bool = False) -> str:
    """The marker that stands for ``block`` (kept in ``blocks``), or the block itself when it may not be lifted."""
    if not checked and not _liftable(block):
        return block
    kept = block.rstrip()
    blocks.append(kept.encode("utf-8"))
    return f"<!--sb-block:{len(blocks) - 1}:{token}-->{block[len(kept) :]}"


_FENCE = re.compile(r"^[ ]{0,3}(?:```|~~~)", re.MULTILINE)
_HOLDING = re.compile(r"<(script|style|textarea|pre|[a-zA-Z][a-zA-Z0-9]*(?=[^>]*\smarkdown\b))[\s>]", re.IGNORECASE)


def _comment_open(chunk: str, was_open: bool) -> bool:
    """Whether an HTML comment is still open after ``chunk``."""
    position, inside = 0, was_open
    while True:
        found = chunk.find("-->" if inside else "<!--", position)
        if found < 0:
            return inside
        position, inside = found + (3 if inside else 4), not inside


def _balance(chunk: str, name: str) -> int:
    """How many more ``<name>`` elements ``chunk`` opens than it closes (void elements open none)."""
    if name in _VOID:
        return 0
    opening, closing = _tag_patterns(name)
    return len(opening.findall(chunk)) - len(closing.findall(chunk))


@functools.lru_cache(maxsize=256)
def _tag_patterns(name: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The opening (not self-closing) and closing tags of element ``name``, compiled once per name."""
    return (
        re.compile(rf"<{name}(?=[\s>/])[^>]*(?<!/)>", re.IGNORECASE),
        re.compile(rf"</{name}\s*>", re.IGNORECASE),
    )


@functools.lru_cache(maxsize=len(LIFTED))
def _either_tag(name: str) -> re.Pattern[str]:
    """Any tag of element ``name``, its slash captured when it closes one."""
    return re.compile(rf"<(/?){name}(?=[\s>/])[^>]*>", re.IGNORECASE)


def _liftable(block: str) -> bool:
    """A block that is one element from its first character to its last, with no Markdown inside."""
    start = _START.match(block)
    if start is None or "<!--" in block or ("markdown" in block and _MARKDOWN_ATTRIBUTE.search(block) is not None):
        return False
    name, end, depth = start.group(1), len(block.rstrip()), 0
    for tag in _either_tag(name).finditer(block):
        if tag.group(0).endswith("/>"):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end() == end
    return False


_VERBATIM = re.compile(r"<(pre|code|kbd|samp|textarea|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n\s+")


def collapse_indentation(html: str) -> str:
    """``html`` without the indentation and blank lines between its lines, but inside elements that show it.

    A theme indents its templates for people who read them: on a page of the
    playbook that is a tenth of the bytes a reader downloads. A line break
    stays where there was one, so text reads the same; code, preformatted
    text, form fields, scripts and styles keep every character.
    """
    parts: list[str] = []
    done = 0
    for found in _VERBATIM.finditer(html):
        parts.append(_INDENT.sub("\n", html[done : found.start()]))
        parts.append(found.group(0))
        done = found.end()
    parts.append(_INDENT.sub("\n", html[done:]))
    return "".join(parts)

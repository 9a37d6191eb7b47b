"""The plugin's direct HTML: finished blocks skip Markdown and search, and the built pages hold the same HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
from test_site import built, write_site

from generator.exports.html_blocks import collapse_indentation, lift

TABLE = '<table class="sb-table">\n<tr id="kr-a"><td>Alpha &amp; beta</td></tr>\n</table>'
PICTURE = '<figure class="sb-picture-figure" data-search-exclude>\n<svg><title>Bar</title></svg>\n</figure>'


def test_lifts_finished_blocks_and_keeps_markdown() -> None:
    page = f"## Plan side {{ #plan-side }}\n\n{TABLE}\n\nSome *Markdown*.\n\n\n{PICTURE}\n"
    lifted = lift(page)
    assert lifted.blocks == (TABLE, PICTURE)
    token = lifted.token
    assert lifted.markdown == (
        f"## Plan side {{ #plan-side }}\n\n<!--sb-block:0:{token}-->\n\n"
        f"Some *Markdown*.\n\n\n<!--sb-block:1:{token}-->\n"
    )
    assert lifted.anchors() == {"kr-a"}


def test_anchors_are_the_ids_and_names_of_tags() -> None:
    block = (
        '<table id="t">\n<tr data-id="no"\n  id="row-1"><td>write id="text" here</td>'
        '<td><a name="old-name" href="#x">a</a></td></tr>\n</table>'
    )
    assert lift(block + "\n").anchors() == {"t", "row-1", "old-name"}


def test_leaves_blocks_that_markdown_must_see() -> None:
    pages = [
        '<div class="sb-md" markdown="1">\n\n*field*\n\n</div>',  # Markdown inside HTML
        "<table>\n<tr><td>a</td></tr>",  # not closed in its run of lines: Markdown finds its end
        "<h2>Title</h2>",  # headings stay for the table of contents and search titles
        '<svg class="sb-sprite"></svg>',  # Markdown wraps an svg in a paragraph
        "  <table></table>",  # indented: code, or inside a list
        "Text then <table></table>",
    ]
    for page in pages:
        assert lift(page).blocks == (), page
        assert lift(page).markdown == page


def test_restore_gives_what_markdown_gives() -> None:
    """Converted with the markers and put back, the page is what Python-Markdown makes of the page itself."""
    page = f"# Title\n\nIntro with `code`.\n\n{TABLE}\n\n- a list\n- of items\n\n{PICTURE}\n\n<p>Done.</p>\n"
    extensions = ["attr_list", "md_in_html", "tables", "toc"]
    direct = lift(page)
    restored = direct.restore(markdown.markdown(direct.markdown, extensions=extensions))
    assert restored == markdown.markdown(page, extensions=extensions)


def test_nothing_is_lifted_from_code_or_comments() -> None:
    """Code is shown as text (a highlighter would split a marker), and a marker would end a comment early."""
    pages = [
        f"```\n\n{TABLE}\n\n```\n",
        f"~~~ html\n{TABLE}\n\n{TABLE}\n~~~\n",
        f"<!-- a note\n\n{TABLE}\n\n-->\n",
        f"Text\n<details markdown>\n\n{TABLE}\n\n</details>\n",
        f"<script>\nlet a = 1;\n\n{TABLE}\n\n</script>\n",
    ]
    for page in pages:
        assert lift(page).blocks == (), page


def test_a_marker_in_a_code_block_comes_back_as_text() -> None:
    """Should a marker land in code after all (an extension moved it there), it is shown as the block's text."""
    lifted = lift(f"{TABLE}\n")
    html = f"<pre><code>{lifted.markdown.strip().replace('<', '&lt;').replace('>', '&gt;')}</code></pre>"
    assert (
        lifted.restore(html)
        == "<pre><code>"
        + TABLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        + "</code></pre>"
    )


def test_a_run_of_several_elements_with_markdown_between_is_not_lifted() -> None:
    for page in ["<div>a</div>\n**b**\n<div>c</div>", "<div>a</div>\n# Title\n<div>b</div>", "<hr>\n\n" + TABLE]:
        direct = lift(page)
        assert direct.restore(markdown.markdown(direct.markdown)) == markdown.markdown(page), page
    assert lift("<hr>\n\n" + TABLE).blocks == (TABLE,)


def test_search_sees_words_not_pictures() -> None:
    table = (
        "<table>\n<tr><td>Alpha</td><td><svg data-search-exclude><title>Hidden</title><g><g></g></g></svg>"
        "Beta</td></tr>\n</table>"
    )
    direct = lift(f"{table}\n\n{PICTURE}\n")
    html = markdown.markdown(direct.markdown)
    searched = direct.for_search(html)
    token = direct.token
    assert searched == (
        f"<!--sb-words:0:{token}--><p>Alpha Beta</p><!--/sb-words-->\n\n<!--sb-words:1:{token}--><!--/sb-words-->"
    )
    assert direct.restore(searched) == f"{table}\n\n{PICTURE}"


def _pages(out: Path) -> dict[str, str]:
    """Every built page, blank lines dropped (lifting keeps the blank lines Markdown would have left out)."""
    return {
        p.relative_to(out).as_posix(): re.sub(r"\n\s*\n", "\n", p.read_text(encoding="utf-8"))
        for p in sorted(out.rglob("*.html"))
    }


def test_the_built_site_is_the_same_with_and_without_direct_html(tmp_path: Path) -> None:
    # A page of the site's own links to an anchor inside a lifted table: MkDocs must still know it (--strict).
    root = write_site(tmp_path / "direct", {"docs/extra.md": "# Extra\n\n[Up](objectives/obj-a/index.md#kr-kr-up)\n"})
    direct = built(root, tmp_path / "direct-out")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        config.replace("plugins: [search, stratbook]", "plugins: [search, {stratbook: {direct_html: false}}]"),
        encoding="utf-8",
    )
    through = built(root, tmp_path / "through-out")
    assert _pages(direct) == _pages(through)

    def index(out: Path) -> dict[str, str]:
        docs = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        return {d["location"]: " ".join(re.sub(r"<[^>]+>", " ", d["text"]).split()) for d in docs}

    fast, slow = index(direct), index(through)
    assert fast.keys() == slow.keys()
    # The same words in the same order (Material runs table cells together, the words are spaced).
    assert {k: "".join(v.split()) for k, v in fast.items()} == {k: "".join(v.split()) for k, v in slow.items()}
    # The words of the tables are found; the roadmap picture's are not, as before.
    assert "Cash" in fast["objectives/obj-a/#resources"]
    roadmap = [text for location, text in fast.items() if location.startswith("roadmap/")]
    assert roadmap
    assert not any("progress 25 %" in text for text in roadmap)


def test_a_block_a_blank_line_did_not_end_is_lifted_whole() -> None:
    """A field's HTML with a blank line in it: Markdown reads the outer block on to its closing tag."""
    field = '<div class="sb-md">\n<p>First</p>\n\n<div>never closed</div>\n</div>'
    details = f"<details>\n<summary>As a table</summary>\n\n{TABLE}\n\n</details>"
    page = f"{field}\n\n## Next {{ #next }}\n\n{details}\n\n<div markdown>\n\n*x*\n\n{TABLE}\n\n</div>\n"
    direct = lift(page)
    assert direct.blocks == (field, details)
    extensions = ["attr_list", "md_in_html"]
    restored = direct.restore(markdown.markdown(direct.markdown, extensions=extensions))
    assert restored == markdown.markdown(page, extensions=extensions)
    assert '<h2 id="next">Next</h2>' in restored
    assert "<em>x</em>" in restored


def test_indentation_goes_but_code_and_scripts_keep_theirs() -> None:
    page = (
        "<nav>\n    <ul>\n\n      <li>One</li>\n    </ul>\n</nav>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n"
        "  <p>Inline <code>a\n    b</code> and <kbd>x\n  y</kbd></p>\n"
        "<textarea>\n  typed\n</textarea>\n<script>\n  let s = `a\n    b`;\n</script>\n"
        "<style>\n  .a { }\n</STYLE>\n   <p>End</p>"
    )
    assert collapse_indentation(page) == (
        "<nav>\n<ul>\n<li>One</li>\n</ul>\n</nav>\n"
        "<pre><code>def f():\n    return 1\n</code></pre>\n"
        "<p>Inline <code>a\n    b</code> and <kbd>x\n  y</kbd></p>\n"
        "<textarea>\n  typed\n</textarea>\n<script>\n  let s = `a\n    b`;\n</script>\n"
        "<style>\n  .a { }\n</STYLE>\n<p>End</p>"
    )


def test_built_pages_of_the_playbook_are_not_indented(tmp_path: Path) -> None:
    """The theme's indentation is gone from the playbook's pages; a page of the site's own keeps it."""
    root = write_site(tmp_path / "site", {"docs/extra.md": "# Extra\n\n```\nindented:\n    kept\n```\n"})
    out = built(root, tmp_path / "out")
    page = (out / "objectives" / "obj-a" / "index.html").read_text(encoding="utf-8")
    assert "<article" in page
    assert not re.search(r"\n[ \t]", page)
    assert "\n\n" not in page
    own = (out / "extra" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"\n {4,}<", own)  # the theme's templates, as they come
    assert "indented:\n    kept" in own

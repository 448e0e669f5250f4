"""HTML report pages → report text.

A government site's page holds the report inside a lot of site chrome: menus, breadcrumbs,
search forms, footers with link lists, scripts. The article is found by content density
(where the page's Chinese text that is not link text sits), not by site-specific class
names, so pages nobody has seen work too. Tables keep their cells: each row becomes one
TAB-separated line (see :mod:`build_scripts.inputs.formats.layout`).
"""

from __future__ import annotations

import codecs
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree

from build_scripts.errors import SourceError
from build_scripts.inputs.decode import decode_bytes
from build_scripts.inputs.formats.layout import (
    Cell,
    TableTooLarge,
    collapse_whitespace,
    grid_rows,
    join_cell_lines,
    join_lines,
    table_lines,
)
from build_scripts.inputs.formats.sniff import looks_like_html
from build_scripts.inputs.text_quality import MIN_COMMON_SHARE, MIN_HAN_FOR_SHARE, common_count

# Never content.
_ALWAYS_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "frameset",
    "select",
    "button",
    "input",
    "textarea",
    "object",
    "embed",
    "svg",
    "canvas",
    "audio",
    "video",
    "map",
    "link",
    "meta",
)
# Elements that never have content: an unclosed one (``<embed src=x>`` without ``</embed>``) is
# given the rest of the page as children by the parser, so only the tag is dropped, not what follows.
_VOID = frozenset({"embed", "input", "link", "meta", "param", "source", "track", "area", "base", "keygen", "wbr"})
# Wrapper elements that nest without structure; past MAX_NESTING of them the extra tags are dropped
# before parsing (libxml2 stops building the tree 255 levels deep and the text below is lost).
_WRAPPERS = frozenset(
    "div span section article main aside header footer nav center font blockquote b i u s strong em small "
    "big sub sup a label form fieldset figure details summary dl ol ul".split()
)
MAX_NESTING = 100
# An opening or closing wrapper tag (a tag with another name is never matched: ``\b`` ends the name).
_WRAPPER_TAG = re.compile(r"<(/?)(" + "|".join(sorted(_WRAPPERS)) + r")\b[^<>]*>", re.I)
# Site chrome, unless a page (badly) wraps the whole article in one of them.
_CHROME = ("nav", "header", "footer", "form", "aside", "menu")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dir div dl dt fieldset figcaption "
    "figure form h1 h2 h3 h4 h5 h6 header footer hr html li main menu nav ol p pre section summary "
    "table tbody thead tfoot tr ul".split()
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.I)
# The same for lower-cased ASCII (Word's long mso- styles are ASCII: searched ~4x faster).
_HIDDEN_STYLE_ASCII = re.compile(_HIDDEN_STYLE.pattern)
_BREADCRUMB = re.compile(
    r"^\s*(当前位置|您的位置|你的位置|您现在的位置|你现在的位置|所在位置|当前路径)\s*[:：]?"
)
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_LEGACY_CJK = frozenset({"gb2312", "gbk", "gb18030", "hz", "big5", "big5hkscs", "cp936", "cp950"})


__all__ = ["declared_charset", "decode_html", "html_to_text", "looks_like_html", "parse_html"]

# ---------------------------------------------------------------------------- bytes → str


def _legacy_name(encoding: str) -> str:
    """The decoder to use for a declared charset: GB2312/GBK are read as their superset GB18030.

    Raises LookupError for names that are not text encodings (``rot13``, ``base64``, ``zip``:
    Python knows them as codecs, but they do not turn bytes into text).
    """
    info = codecs.lookup(encoding)
    if not getattr(info, "_is_text_encoding", True):
        raise LookupError(f"{encoding} is not a text encoding")
    name = info.name
    return "gb18030" if name in {"gb2312", "gbk", "cp936", "hz"} else name


def _reads_as_chinese(text: str) -> bool:
    han = _han_count(text)
    return han > 0 and (han < MIN_HAN_FOR_SHARE or common_count(text) / han >= MIN_COMMON_SHARE)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>`` or ``http-equiv`` (first 8 KB), if it is a
    text encoding Python knows."""
    match = _META_CHARSET.search(data[:8192])
    if not match:
        return None
    try:
        return _legacy_name(match.group(1).decode("ascii").lower())
    except (LookupError, UnicodeDecodeError):
        return None


def decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Decode an HTML page: BOM, then the declared charset, then UTF-8, then GB18030.

    A page that declares a legacy Chinese charset but is valid non-ASCII UTF-8 is read as
    UTF-8: sites often keep a stale GB2312 declaration after re-encoding, while real GBK
    text is practically never valid UTF-8. A label that gives no readable Chinese (UTF-8 or
    GBK bytes labelled ``iso-8859-1``) loses to detection (:func:`decode_bytes`) when that
    reads as Chinese; a label that is no text encoding (``rot13``) is ignored.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError as exc:
                raise SourceError(
                    name, f"invalid {encoding} after its byte-order mark ({exc.reason})"
                ) from exc
    declared = declared_charset(data)
    candidates: list[str] = []
    if declared in _LEGACY_CJK and not data.isascii():
        candidates.append("utf-8")
    if declared:
        candidates.append(declared)
    candidates += ["utf-8", "gb18030"]
    first: tuple[str, str] | None = None
    for encoding in dict.fromkeys(candidates):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if data.isascii() or _reads_as_chinese(text):
            return text, encoding
        first = first or (text, encoding)
    try:
        detected = decode_bytes(data, name)
    except SourceError:
        detected = None
    if detected is not None and _reads_as_chinese(detected[0]):
        return detected
    if first is not None:
        return first
    raise SourceError(name, "cannot be decoded (declared charset, UTF-8 and GB18030 all fail)")


# ---------------------------------------------------------------------------- tree helpers


def _tag(el: lxml.etree._Element) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _han_count(text: str | None) -> int:
    return sum(map(len, _HAN_RUN.findall(text))) if text and not text.isascii() else 0


def _drop(el: lxml.etree._Element) -> None:
    """Remove ``el`` but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    parent.remove(el)


def _drop_tag(el: lxml.etree._Element) -> None:
    """Remove the tag of ``el`` but keep its text and children, in place."""
    parent = el.getparent()
    if parent is None:
        return
    previous = el.getprevious()
    if el.text:
        if previous is None:
            parent.text = (parent.text or "") + el.text
        else:
            previous.tail = (previous.tail or "") + el.text
    if el.tail:
        if len(el):
            el[-1].tail = (el[-1].tail or "") + el.tail
        elif previous is None:
            parent.text = (parent.text or "") + el.tail
        else:
            previous.tail = (previous.tail or "") + el.tail
    index = parent.index(el)
    parent[index : index + 1] = el[:]


_STRING_VALUE = lxml.etree.XPath("string()")
# Elements that may be hidden, in document order.
_WITH_HIDING_ATTRIBUTE = lxml.etree.XPath("//*[@hidden or @style]")


def _text_content(el: lxml.etree._Element) -> str:
    """All the text inside ``el`` (its XPath string value)."""
    return str(_STRING_VALUE(el))


Counts = dict[lxml.etree._Element, int]


def _content_counts(root: lxml.etree._Element) -> tuple[Counts, Counts]:
    """For every element: Chinese characters outside links, and inside links, in its subtree."""
    text: Counts = {}
    link: Counts = {}

    def visit(el: lxml.etree._Element, in_link: bool) -> None:
        in_link = in_link or el.tag == "a"  # libxml2's HTML parser lower-cases element names
        own = _han_count(el.text)
        t, lk = (0, own) if in_link else (own, 0)
        for child in el:
            if isinstance(child.tag, str):
                visit(child, in_link)
                t += text[child]
                lk += link[child]
            tail = child.tail
            if tail and not tail.isascii():
                if in_link:
                    lk += _han_count(tail)
                else:
                    t += _han_count(tail)
        text[el], link[el] = t, lk

    visit(root, False)
    return text, link


def _hides(style: str) -> bool:
    """Whether a ``style`` attribute hides its element."""
    if style.isascii():
        return _HIDDEN_STYLE_ASCII.search(style.lower()) is not None
    return _HIDDEN_STYLE.search(style) is not None


def _strip_noise(root: lxml.etree._Element) -> None:
    """Drop comments, scripts and other never-content elements, and hidden elements."""
    for node in list(root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction, lxml.etree.Entity)):
        parent = node.getparent()
        if parent is not None:
            tail = node.tail or ""
            previous = node.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
            parent.remove(node)
    for el in list(root.iter(*_ALWAYS_DROP)):
        if _tag(el) in _VOID:
            _drop_tag(el)
        else:
            _drop(el)
    for el in _WITH_HIDING_ATTRIBUTE(root):
        if el.get("hidden") is not None or _hides(el.get("style") or ""):
            _drop(el)


def _strip_chrome(root: lxml.etree._Element) -> Counts:
    """Drop menus, headers, footers, forms, link lists and breadcrumbs that are not the article.

    Every decision is made on the counts of the page before anything is dropped; the result
    is the non-link Chinese character count of every element left, after the drops.
    """
    text, link = _content_counts(root)
    left = dict(text)

    def drop(el: lxml.etree._Element) -> None:
        ancestors = list(el.iterancestors())
        if ancestors and ancestors[-1] is root:  # still in the page, not inside a dropped block
            for ancestor in ancestors:
                left[ancestor] -= left[el]
        _drop(el)

    total = text[root] + link[root]
    for el in list(root.iter(*_CHROME)):
        if el in text and text[el] * 2 < text[root]:
            drop(el)
    for el in list(root.iter(*_BLOCK_TAGS)):
        if el is root or el not in text:
            continue
        size = text[el] + link[el]
        if size == 0 or size * 2 >= total:
            continue
        if link[el] > 0.6 * size and sum(1 for _ in itertools.islice(el.iter("a"), 2)) >= 2:
            drop(el)
        elif size < 120 and _BREADCRUMB.match(_text_content(el) or ""):
            drop(el)
    return left


def _is_container(el: lxml.etree._Element) -> bool:
    """An element that holds blocks (paragraphs, tables, lines), not just a run of inline text."""
    return any(_tag(inner) in _BLOCK_TAGS or _tag(inner) == "br" for inner in el.iterdescendants())


def _article_root(root: lxml.etree._Element, text: Counts) -> lxml.etree._Element:
    """The smallest element that still holds nearly all of the page's non-link Chinese text
    (``text``: each element's non-link Chinese character count)."""
    node = root
    while True:
        children = [child for child in node if isinstance(child.tag, str) and _is_container(child)]
        if not children:
            return node
        best = max(children, key=lambda child: text[child])
        if text[node] == 0 or text[best] < 0.85 * text[node]:
            return node
        node = best


# ---------------------------------------------------------------------------- tree → lines


class _Writer:
    """Accumulates lines: inline text joins the current line, blocks start new ones."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._parts: list[str] = []

    def text(self, value: str | None) -> None:
        if value:
            self._parts.append(value)

    def flush(self) -> None:
        line = collapse_whitespace("".join(self._parts))
        self._parts = []
        if line:
            self.lines.append(line)


def _cells(row: lxml.etree._Element) -> Iterator[lxml.etree._Element]:
    return (child for child in row if _tag(child) in ("td", "th"))


def _rows(table: lxml.etree._Element) -> list[lxml.etree._Element]:
    """The table's own rows (not those of tables nested in its cells)."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(grandchild for grandchild in child if _tag(grandchild) == "tr")
    return rows


#: Widest span a cell may claim: government report tables have at most ~30 columns, and a
#: ``colspan="1000"`` on every row of a small page would otherwise make megabytes of empty cells.
MAX_COLSPAN = 100
MAX_ROWSPAN = 1000
_SPAN = re.compile(r"\s*(\d{1,9})")


def _span(cell: lxml.etree._Element, attribute: str) -> int:
    match = _SPAN.match(cell.get(attribute) or "")
    limit = MAX_COLSPAN if attribute == "colspan" else MAX_ROWSPAN
    return max(1, min(int(match.group(1)), limit)) if match else 1


def _cell_text(cell: lxml.etree._Element) -> str:
    inner = _Writer()
    _write_children(cell, inner)
    inner.flush()
    return join_cell_lines(inner.lines)


def _is_layout_table(table: lxml.etree._Element, rows: list[lxml.etree._Element]) -> bool:
    """A table used to place blocks on the page (one column, or holding other tables)."""
    nested = any(True for el in table.iter("table") if el is not table)
    widths = {sum(_span(cell, "colspan") for cell in _cells(row)) for row in rows}
    return nested or widths <= {0, 1}


def _write_table(table: lxml.etree._Element, out: _Writer) -> None:
    rows = _rows(table)
    out.flush()
    if _is_layout_table(table, rows):
        for row in rows:
            for cell in _cells(row):
                _write_children(cell, out)
                out.flush()
        return
    for caption in (child for child in table if _tag(child) == "caption"):
        _write_children(caption, out)
        out.flush()
    declared = [
        [Cell(_cell_text(cell), _span(cell, "rowspan"), _span(cell, "colspan")) for cell in _cells(row)]
        for row in rows
    ]
    out.lines.extend(table_lines(grid_rows(declared)))  # TableTooLarge: refused in html_to_text


def _write_element(el: lxml.etree._Element, out: _Writer) -> None:
    tag = _tag(el)
    if tag == "table":
        _write_table(el, out)
    elif tag == "br":
        out.flush()
    elif tag in _BLOCK_TAGS or tag in ("td", "th"):
        out.flush()
        _write_children(el, out)
        out.flush()
    else:
        _write_children(el, out)


def _write_children(el: lxml.etree._Element, out: _Writer) -> None:
    out.text(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _write_element(child, out)
        out.text(child.tail)


def _element_lines(el: lxml.etree._Element) -> list[str]:
    out = _Writer()
    _write_element(el, out)
    out.flush()
    return out.lines


# ---------------------------------------------------------------------------- title


@dataclass(frozen=True)
class _DeclaredTitles:
    """What the page's head says its title is."""

    meta: str | None  # <meta name="ArticleTitle">, required by China's government-site design standard
    title: str | None  # <title>, usually "article title_column_site"

    def contain(self, text: str) -> bool:
        squeezed = re.sub(r"\s+", "", text)
        return any(
            squeezed in re.sub(r"\s+", "", declared) for declared in (self.meta, self.title) if declared
        )


def _declared_titles(root: lxml.etree._Element) -> _DeclaredTitles:
    metas = [
        el.get("content") or ""
        for el in root.xpath("//meta[@name]")
        if el.get("name").lower() == "articletitle"
    ]
    titles = [_text_content(el) for el in root.xpath("//title")]
    meta = collapse_whitespace(metas[0]) if metas else ""
    title = collapse_whitespace(titles[0]) if titles else ""
    return _DeclaredTitles(meta=meta or None, title=title or None)


def _preceding_blocks(root: lxml.etree._Element, article: lxml.etree._Element) -> list[str]:
    """Texts of the short blocks (headings, title lines) that come before the article."""
    inside = set(article.iter())
    blocks = []
    for el in root.iter():
        if el is article:
            break
        if el in inside or _tag(el) not in _BLOCK_TAGS or _tag(el) in ("html", "body"):
            continue
        if any(_tag(child) in _BLOCK_TAGS for child in el):
            continue
        text = collapse_whitespace(_text_content(el))
        if 6 <= _han_count(text) and len(text) <= 150:
            blocks.append(text)
    return blocks


def _article_title(
    root: lxml.etree._Element, article: lxml.etree._Element, declared: _DeclaredTitles
) -> str | None:
    """The report's title as the page shows it above the article.

    A block before the article counts as the title when a declared page title contains
    it (nearly every CMS puts the article title into ``<title>``); the longest such block
    wins. Otherwise the declared ``ArticleTitle``, otherwise the last heading before the
    article.
    """
    matches = [block for block in _preceding_blocks(root, article) if declared.contain(block)]
    if matches:
        return max(matches, key=len)
    if declared.meta:
        return declared.meta
    inside = set(article.iter())
    headings = [
        collapse_whitespace(_text_content(el)) for el in root.iter("h1", "h2", "h3") if el not in inside
    ]
    headings = [heading for heading in headings if _han_count(heading) >= 6]
    return headings[-1] if headings else None


# ---------------------------------------------------------------------------- entry point


def _opener(stack: list[tuple[str, bool]], tag: str) -> int | None:
    """Where in ``stack`` the innermost open ``tag`` is, if it is open."""
    if stack and stack[-1][0] == tag:
        return len(stack) - 1
    return next((i for i in range(len(stack) - 2, -1, -1) if stack[i][0] == tag), None)


def _nests_deeper(text: str, limit: int) -> bool:
    """Whether a wrapper tag of ``text`` opens with ``limit`` wrappers already open (the same
    bookkeeping as :func:`flatten_deep_nesting`, without keeping anything)."""
    stack: list[str] = []
    for closing, tag in _WRAPPER_TAG.findall(text):
        tag = tag.lower()
        if not closing:
            if len(stack) >= limit:
                return True
            stack.append(tag)
        elif stack and stack[-1] == tag:
            stack.pop()
        else:
            opened = next((i for i in range(len(stack) - 2, -1, -1) if stack[i] == tag), None)
            if opened is not None:
                del stack[opened:]
    return False


def flatten_deep_nesting(text: str, limit: int = MAX_NESTING) -> str:
    """``text`` without the wrapper tags (``<div>``, ``<span>``, ``<font>`` …) nested more than
    ``limit`` deep, and without their closing tags; the text inside them stays, and a dropped
    block tag leaves a ``<br>`` so its text still starts a new line.

    Real pages nest wrappers a few dozen deep; a page nested hundreds or thousands deep would
    otherwise lose everything below the parser's depth limit.
    """
    if not _nests_deeper(text, limit):
        return text
    kept: list[str] = []
    stack: list[tuple[str, bool]] = []  # open wrappers: (tag, dropped)
    position = 0
    for match in _WRAPPER_TAG.finditer(text):
        tag = match.group(2).lower()
        if not match.group(1):
            dropped = len(stack) >= limit
            stack.append((tag, dropped))
        else:
            opened = _opener(stack, tag)
            if opened is None:
                continue
            dropped = stack[opened][1]
            del stack[opened:]
        if dropped:
            kept.append(text[position : match.start()])
            kept.append("<br>" if tag in _BLOCK_TAGS else "")
            position = match.end()
    kept.append(text[position:])
    return "".join(kept)


#: libxml2's HTML parser with plain elements: the ``lxml.html`` element classes cost a Python-level
#: class lookup for every node the tree walks touch, and nothing here needs their methods.
_PARSER = lxml.etree.HTMLParser()


def parse_html(text: str, name: str) -> lxml.etree._Element:
    """Parse a page or fragment; :class:`SourceError` when there is nothing to parse."""
    text = flatten_deep_nesting(_XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        raise SourceError(name, "empty HTML document")
    try:
        root = lxml.etree.fromstring(text, _PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError(name, f"cannot be parsed as HTML ({exc})") from exc
    if root is None:
        raise SourceError(name, "cannot be parsed as HTML (Document is empty)")
    return root


def html_to_text(text: str, name: str) -> str:
    """The report text of an HTML page or fragment (article only, tables as TAB rows)."""
    try:
        return _html_to_text(text, name)
    except TableTooLarge as exc:
        raise SourceError(name, f"{exc}; not converted") from None


def _html_to_text(text: str, name: str) -> str:
    root = parse_html(text, name)
    declared = _declared_titles(root)
    _strip_noise(root)
    for head in root.xpath("//head"):
        _drop(head)
    article = _article_root(root, _strip_chrome(root))
    lines = _element_lines(article)
    if not lines:
        raise SourceError(name, "no report text found in the HTML page")
    title = _article_title(root, article, declared)
    if title and not any(title in line for line in lines[:3]):
        lines.insert(0, title)
    return join_lines(lines)

"""Text from data/, the .bib and the quiz banks is data: it reaches a page as text, never markup.

Each helper escapes for one context:

- :func:`script_json`: JSON inside a ``<script>`` element (a chart's spec, a quiz's key).
  ``<``, ``>`` and ``&`` become ``\\u003c``, ``\\u003e`` and ``\\u0026``, so no ``</script``
  or ``<!--`` can end or confuse the element; U+2028 and U+2029 are escaped too (older
  JavaScript parsers end a string at them).
- :func:`markdown_text`: a value glued into MyST Markdown (``{glue:md}``) or written into
  generated Markdown. Every ASCII punctuation mark is backslash-escaped, so no HTML, link,
  role, directive, emphasis or table syntax survives: the reader sees the characters.
- :func:`markdown_code`: a value shown as inline code (a code span is literal already; only
  its backtick fence has to be longer than any run of backticks inside).
- :func:`is_http_url`: links built from data accept only http(s) addresses.

Test-only switch: when the environment variable ``HEMISPHERE_TEST_ONLY_UNESCAPED_GLUE`` is
``1``, :func:`markdown_text` returns its text unchanged. It exists only so that a test can
show that the pages' Content-Security-Policy blocks an injected script on its own
(tests/test_hostile_input.py); nothing in the book, the Makefile or CI sets it, and no
real build may.
"""

from __future__ import annotations

import json
import os
import re
import string

#: Test-only: see the module's docstring. Never set it outside tests/test_hostile_input.py.
TEST_ONLY_UNESCAPED_GLUE = "HEMISPHERE_TEST_ONLY_UNESCAPED_GLUE"

_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def script_json(value, **json_kwds) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element of an HTML page.

    The escapes are JSON string escapes, so ``JSON.parse`` and a JavaScript parser read the
    same value back. (The characters can only occur inside strings in JSON.)"""
    text = json.dumps(value, **json_kwds)
    return _SCRIPT_UNSAFE_RE.sub(lambda match: _SCRIPT_UNSAFE[match.group(0)], text)


_MARKDOWN_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def markdown_text(value) -> str:
    """``value`` as Markdown that renders as exactly its characters, on one line.

    CommonMark lets any ASCII punctuation be escaped with a backslash, which then stands for
    itself: ``<`` cannot open HTML, ``[`` a link, ``{`` a MyST role, `````` ` ````` a code
    span, ``*`` emphasis, ``|`` a table cell, ``&`` an entity, and a line cannot start a
    heading, list or fence (line breaks become spaces)."""
    text = str(value)
    if os.environ.get(TEST_ONLY_UNESCAPED_GLUE) == "1":
        return text  # test-only: see the module's docstring
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def markdown_code(value) -> str:
    """``value`` as an inline code span (shown literally, in a monospace font)."""
    text = _LINE_BREAKS.sub(" ", str(value))
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


_HTTP_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]+)?([/?#][^\s<>\"'`\\\x00-\x1f\x7f]*)?")


def is_http_url(url: str) -> bool:
    """True for an absolute http:// or https:// address with a host and no spaces, quotes,
    angle brackets or control characters (a ``javascript:`` or ``data:`` link, or a relative
    path, is not)."""
    return bool(_HTTP_URL.fullmatch(url))

"""The primary sources side by side: what a reader sees, and text that stays text."""

from __future__ import annotations

import re
from pathlib import Path

from hemisphere import data, reading

DATA = Path(__file__).resolve().parent.parent / "data"


def test_both_passages_appear_whole_with_their_sources():
    html = reading.side_by_side().data
    assert html.count('<div class="hemisphere-source" role="figure"') == 2
    for text in data.load_primary_sources()["text"]:
        assert text in html  # escape() leaves these passages unchanged: no <, >, & or quotes
    assert "6 December 1904" in html and "4 December 2025" in html
    assert 'href="https://history.house.gov/Records-and-Research/Listing/c_098/"' in html
    # Roosevelt's passage comes first, as the argument reads.
    assert html.index("Chronic wrongdoing") < html.index("After years of neglect")


def test_passages_can_be_picked_and_ordered():
    html = reading.side_by_side(["nss-2025-trump-corollary"]).data
    assert "After years of neglect" in html and "Chronic wrongdoing" not in html


def test_text_from_the_data_is_never_markup(data_copy):
    path = data_copy / "primary_sources.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("After years of neglect,", "<script>alert(1)</script> After years of neglect,")
    )
    html = reading.side_by_side().data
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert not re.search(r"<(?!/?(div|strong|blockquote|p|a)\b)", html)

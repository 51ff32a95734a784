"""The two corollaries side by side, dimension by dimension."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data as _data
from .palette import COROLLARY_COLORS

#: Characters per line in the comparison's cells.
WRAP = 40
#: Width of one cell of the comparison, and line height of its text, in pixels.
CELL_WIDTH = 250
LINE = 14


def corollary_comparison(
    *,
    title: str = "Two corollaries to the Monroe Doctrine, dimension by dimension",
    description: str | None = None,
) -> alt.LayerChart:
    """The essay's comparison as a grid: a row per dimension, a column per corollary.

    Each cell holds the essay's point in our words; hovering it shows the essay
    section, what the original documents add, and the sources. Clicking a
    dimension's label (or a cell) highlights that row. Rows follow
    :func:`hemisphere.data.comparison_dimensions`, the one list of dimensions.
    """
    import textwrap

    frame = _data.load_corollaries()
    dimensions = _data.comparison_dimensions()
    wrapped = [textwrap.wrap(text, WRAP) for text in frame["summary"]]
    longest = max(map(len, wrapped))
    rows = pd.DataFrame(
        {
            "dimension": frame["dimension"].astype(str),
            "corollary": frame["corollary"].astype(str),
            "lines": wrapped,
            "summary": frame["summary"],
            "section": frame["essay_section"],
            "record": frame["record"],
            "sources": ["; ".join(map(_data.reference_label, keys)) for keys in frame["sources"]],
            "note": frame["note"],
        }
    )
    focus = alt.selection_point(
        name="dimension_focus", fields=["dimension"], on="click", clear="dblclick"
    )
    base = alt.Chart(rows).encode(
        x=alt.X(
            "corollary:N",
            title=None,
            sort=list(COROLLARY_COLORS),
            axis=alt.Axis(orient="top", labelAngle=0, labelFontSize=13, labelFontWeight="bold"),
        ),
        y=alt.Y(
            "dimension:N",
            title=None,
            sort=dimensions,
            axis=alt.Axis(labelFontSize=12, labelFontWeight="bold", labelLimit=160),
        ),
        tooltip=[
            alt.Tooltip("dimension:N", title="Dimension"),
            alt.Tooltip("corollary:N", title="Corollary"),
            alt.Tooltip("section:N", title="Essay section"),
            alt.Tooltip("record:N", title="What the originals add"),
            alt.Tooltip("sources:N", title="Sources"),
            alt.Tooltip("note:N", title="Note"),
        ],
    )
    cells = (
        base.mark_rect(stroke="#FFFFFF", strokeWidth=3)
        .encode(
            color=alt.Color(
                "corollary:N",
                legend=None,
                scale=alt.Scale(
                    domain=list(COROLLARY_COLORS), range=list(COROLLARY_COLORS.values())
                ),
            ),
            opacity=alt.condition(focus, alt.value(0.25), alt.value(0.06)),
        )
        .add_params(focus)
    )
    # Text starts at the top of its row (bandPosition 0), so long cells grow downwards.
    text = base.mark_text(
        align="left",
        baseline="top",
        dx=-CELL_WIDTH / 2 + 6,
        dy=10,
        fontSize=11,
        lineHeight=LINE,
        color="#1A1A1A",
    ).encode(text="lines:N", y=alt.Y("dimension:N", sort=dimensions, bandPosition=0, title=None))
    if description is None:
        description = (
            f"A grid comparing the Roosevelt and Trump corollaries on {len(dimensions)} "
            "dimensions: " + ", ".join(dimensions) + "."
        )
    return (
        alt.layer(cells, text)
        .properties(
            title=title,
            description=description,
            width=2 * CELL_WIDTH,
            height=len(dimensions) * (longest * LINE + 16),
        )
        .configure_view(stroke=None)
    )

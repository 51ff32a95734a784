"""Altair charts for the book. Each works in a static page with no kernel.

Interactivity comes from Vega-Lite params (selections and bound inputs), which
run in the browser; every chart has a title and a description that screen
readers get (Vega puts the description in the SVG's aria-label).

One module per kind of chart; the names below are the ones notebooks import
(``from hemisphere.charts import timeline``).
"""

from __future__ import annotations

from .bars import (
    bri_membership_chart,
    claims_chart,
    designations_chart,
)
from .comparison import (
    CELL_WIDTH,
    LINE,
    WRAP,
    corollary_comparison,
)
from .map import (
    MAP_LAYERS,
    MAP_PROJECTION,
    SMALL_COUNTRY_AREA,
    hemisphere_map,
    map_layers,
)
from .palette import (
    BRI_COLORS,
    CATEGORY_COLORS,
    CLAIM_COLORS,
    COROLLARY_COLORS,
    INSTRUMENT_SHAPES,
    NO_DATA,
    OKABE_ITO,
    REGION_COLORS,
)
from .render import (
    BOOK_RENDERER,
    LIVE_RENDERER,
    use_book_defaults,
)
from .tables import (
    EVENT_TABLE_COLUMNS,
    data_behind,
    events_behind,
)
from .timeline import (
    ALL_INSTRUMENTS,
    ALL_LABEL,
    ALL_SUBREGIONS,
    ERA_PADDING,
    era_spans,
    timeline,
    timeline_chart,
)

__all__ = [
    "ALL_INSTRUMENTS",
    "ALL_LABEL",
    "ALL_SUBREGIONS",
    "BOOK_RENDERER",
    "BRI_COLORS",
    "CATEGORY_COLORS",
    "CELL_WIDTH",
    "CLAIM_COLORS",
    "COROLLARY_COLORS",
    "ERA_PADDING",
    "EVENT_TABLE_COLUMNS",
    "INSTRUMENT_SHAPES",
    "LINE",
    "LIVE_RENDERER",
    "MAP_LAYERS",
    "MAP_PROJECTION",
    "NO_DATA",
    "OKABE_ITO",
    "REGION_COLORS",
    "SMALL_COUNTRY_AREA",
    "WRAP",
    "bri_membership_chart",
    "claims_chart",
    "corollary_comparison",
    "data_behind",
    "designations_chart",
    "era_spans",
    "events_behind",
    "hemisphere_map",
    "map_layers",
    "timeline",
    "timeline_chart",
    "use_book_defaults",
]

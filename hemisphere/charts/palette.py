"""The colours and shapes of every chart: one palette, safe for colour-blind readers."""

from __future__ import annotations

#: The Okabe–Ito palette, safe for the common forms of colour blindness. Every
#: colour in the book's charts comes from here.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermilion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}

CATEGORY_COLORS = {
    "drugs": OKABE_ITO["vermilion"],
    "migration": OKABE_ITO["blue"],
    "strategic access": OKABE_ITO["bluish green"],
    "trade and tariffs": OKABE_ITO["orange"],
    "military force": OKABE_ITO["black"],
    "diplomacy": OKABE_ITO["sky blue"],
    "regional organisations": OKABE_ITO["reddish purple"],
    "elections": OKABE_ITO["yellow"],
    "strategy documents": OKABE_ITO["grey"],
}

INSTRUMENT_SHAPES = {
    "big stick": "triangle-up",
    "dollar diplomacy": "square",
    "deal diplomacy (stick)": "diamond",
    "deal diplomacy (carrot)": "cross",
    "none": "circle",
}

#: Fill for "nothing to show" on a map layer, lighter than any category colour.
NO_DATA = "#E5E5E5"

COROLLARY_COLORS = {
    "Roosevelt Corollary": OKABE_ITO["orange"],
    "Trump Corollary": OKABE_ITO["blue"],
}

BRI_COLORS = {
    "member": OKABE_ITO["vermilion"],
    "left": OKABE_ITO["bluish green"],
    "not a member": OKABE_ITO["sky blue"],
}

REGION_COLORS = {
    "Latin America and the Caribbean": OKABE_ITO["vermilion"],
    "outside the region": OKABE_ITO["grey"],
}

CLAIM_COLORS = {
    "official claim": OKABE_ITO["vermilion"],
    "official statistic": OKABE_ITO["orange"],
    "official estimate": OKABE_ITO["yellow"],
    "independent estimate": OKABE_ITO["blue"],
    "poll": OKABE_ITO["reddish purple"],
}

"""Bar charts: Belt and Road membership, terrorist designations, and figures beside who claims them."""

from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data as _data
from ..facts import format_number
from .palette import BRI_COLORS, CLAIM_COLORS, REGION_COLORS

# --- Belt and Road membership -----------------------------------------------------


def bri_membership_chart(
    countries: pd.DataFrame | None = None,
    *,
    title: str = "Belt and Road membership of the CELAC states, mid-2025",
    description: str | None = None,
) -> alt.Chart:
    """One bar per subregion, split by Belt and Road status; hover a segment for its countries."""
    countries = _data.load_countries() if countries is None else countries
    celac = countries[countries["celac"]]
    grouped = (
        celac.assign(
            status=celac["bri_status"].astype(str), subregion=celac["subregion"].astype(str)
        )
        .groupby(["subregion", "status"])["name_en"]
        .agg(states="count", names=lambda names: ", ".join(sorted(names)))
        .reset_index()
    )
    order = [s for s in celac["subregion"].cat.categories if s in set(grouped["subregion"])]
    if description is None:
        members = int((celac["bri_status"] == "member").sum())
        description = (
            f"Stacked bars: {members} of the {len(celac)} CELAC states were Belt and Road "
            "members in mid-2025, by subregion."
        )
    return (
        alt.Chart(grouped, title=title, description=description, width=520, height=220)
        .mark_bar(stroke="#FFFFFF", strokeWidth=0.5)
        .encode(
            y=alt.Y("subregion:N", title=None, sort=order),
            x=alt.X("states:Q", title="Number of states", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "status:N",
                title="Belt and Road",
                scale=alt.Scale(domain=list(BRI_COLORS), range=list(BRI_COLORS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("status:N"),
            tooltip=[
                alt.Tooltip("subregion:N", title="Subregion"),
                alt.Tooltip("status:N", title="Status"),
                alt.Tooltip("states:Q", title="States"),
                alt.Tooltip("names:N", title="Which"),
            ],
        )
    )


# --- Terrorist designations ---------------------------------------------------------


def designations_chart(
    designations: pd.DataFrame | None = None,
    *,
    title: str = "Foreign terrorist organisations designated, January 2025 to 3 February 2026",
    description: str | None = None,
) -> alt.Chart:
    """Organisations designated, as bars by date, coloured by where they are based.

    Aliases added to existing designations are left out, as the count of 26 does.
    """
    groups = _data.load_designations() if designations is None else designations
    new = groups[groups["entry_type"] == "new organisation"]
    rows = pd.DataFrame(
        {
            "date": new["date"].dt.strftime("%Y-%m-%d"),
            "when": new["date"].dt.strftime("%-d %b %Y"),
            "organisations": new["organisations"],
            "name": new["name"],
            "region": new["home_region"].astype(str),
            "basis": new["date_basis"].astype(str),
        }
    )
    if description is None:
        latin = int(
            rows.loc[rows["region"] == "Latin America and the Caribbean", "organisations"].sum()
        )
        description = (
            f"Bars by date: {int(rows['organisations'].sum())} organisations designated, "
            f"{latin} of them based in Latin America and the Caribbean."
        )
    return (
        alt.Chart(rows, title=title, description=description, width=560, height=220)
        .mark_bar(size=10, stroke="#FFFFFF", strokeWidth=0.5)
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0)),
            y=alt.Y("sum(organisations):Q", title="Organisations", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "region:N",
                title="Based in",
                scale=alt.Scale(domain=list(REGION_COLORS), range=list(REGION_COLORS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("when:N", title="Date"),
                alt.Tooltip("basis:N", title="Date marks"),
                alt.Tooltip("name:N", title="Organisation"),
                alt.Tooltip("organisations:Q", title="Organisations"),
                alt.Tooltip("region:N", title="Based in"),
            ],
        )
    )


# --- Figures and who claims them ----------------------------------------------------


def claims_chart(
    indicators: pd.DataFrame, *, title: str, description: str | None = None, unit: str | None = None
) -> alt.LayerChart:
    """Figures side by side: a bar from zero for a single value, a bar from low to high for a
    range, coloured by the kind of claim, with the claimant and period in the tooltip."""
    rows = pd.DataFrame(
        {
            "indicator": indicators["indicator"],
            "claimant": indicators["claimant"],
            "kind": indicators["claim_kind"].astype(str),
            "start": indicators["low"]
            .fillna(0)
            .astype(float)
            .where(indicators["qualifier"] == "range", 0.0),
            "end": indicators["high"]
            .fillna(indicators["value"])
            .astype(float)
            .where(indicators["qualifier"] == "range", indicators["value"].astype(float)),
            "figure": [
                f"from {format_number(row.low)} to {format_number(row.high)}"
                if row.qualifier == "range"
                else f"{row.qualifier} {format_number(row.value)}".replace("exactly ", "")
                for row in indicators.itertuples()
            ],
            "period": [
                f"{row.period_start} to {row.period_end}"
                if row.period_end and row.period_end != row.period_start
                else row.period_start
                for row in indicators.itertuples()
            ],
        }
    )
    unit = unit or indicators["unit"].iloc[0]
    kinds = [kind for kind in CLAIM_COLORS if kind in set(rows["kind"])]
    if description is None:
        description = (
            "Horizontal bars comparing: "
            + "; ".join(
                f"{i} ({c}): {f}"
                for i, c, f in zip(rows["indicator"], rows["claimant"], rows["figure"], strict=True)
            )
            + "."
        )
    base = alt.Chart(rows).encode(
        y=alt.Y("indicator:N", title=None, sort=None, axis=alt.Axis(labelLimit=320))
    )
    bars = base.mark_bar(height=16).encode(
        x=alt.X("start:Q", title=unit),
        x2="end:Q",
        color=alt.Color(
            "kind:N",
            title="Kind of claim",
            legend=alt.Legend(orient="bottom"),
            scale=alt.Scale(domain=kinds, range=[CLAIM_COLORS[k] for k in kinds]),
        ),
        tooltip=[
            alt.Tooltip("indicator:N", title="Figure"),
            alt.Tooltip("figure:N", title="Value"),
            alt.Tooltip("claimant:N", title="Whose figure"),
            alt.Tooltip("kind:N", title="Kind"),
            alt.Tooltip("period:N", title="Period"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#333333").encode(x="x:Q")
    return alt.layer(bars, zero).properties(
        title=title, description=description, width=400, height=alt.Step(28)
    )

"""The data loaders: the shipped tables load, and broken files fail with a message
that names the file, the line, the row and the column."""

from __future__ import annotations

import re
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from hemisphere import data

DATA = Path(__file__).resolve().parent.parent / "data"


def edit(folder: Path, filename: str, old: str, new: str) -> None:
    path = folder / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {filename}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_events(folder: Path, old: str, new: str) -> None:
    edit(folder, "events.csv", old, new)


def test_events_load_typed_and_sorted():
    events = data.load_events()
    assert len(events) > 0
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert isinstance(events["category"].dtype, pd.CategoricalDtype)
    assert events["date"].is_monotonic_increasing
    assert events["id"].is_unique


def test_every_event_source_resolves_in_the_bibliography():
    keys = data.reference_keys()
    for sources in data.load_events()["sources"]:
        assert set(sources) <= keys


def test_partial_dates_keep_their_precision():
    events = data.load_events().set_index("id")
    assert events.loc["panama-third-country-flight", "date_precision"] == "month"
    assert events.loc["panama-third-country-flight", "date_label"] == "Feb 2025"
    assert events.loc["rubio-first-trip", "date_label"] == "1 Feb 2025"


def test_loaded_frames_are_copies():
    first = data.load_events()
    first.loc[0, "title"] = "changed"
    assert data.load_events().loc[0, "title"] != "changed"


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "osawa2026essay;federalregister2025gulf,",
            "nosuchkey2020,",
            "data/events.csv, line 2, id 'gulf-of-america-order', column 'sources': "
            "source key 'nosuchkey2020' is not in data/references.bib",
        ),
        (
            "osawa2026essay;federalregister2025gulf,",
            ",",
            "data/events.csv, line 2, id 'gulf-of-america-order', column 'sources': is empty but required",
        ),
        (
            "2025-01-20,day",
            "2025-02-30,day",
            "data/events.csv, line 2, id 'gulf-of-america-order', column 'date': "
            "'2025-02-30' is not a real calendar date",
        ),
        (
            "2025-01-20,day",
            "2025-01,day",
            "data/events.csv, line 2, id 'gulf-of-america-order', column 'date': "
            "'2025-01' is a month but date_precision says 'day'",
        ),
        (
            "coast-guard-surge,",
            "gulf-of-america-order,",
            "data/events.csv, line 3, id 'gulf-of-america-order', column 'id': "
            "duplicate id 'gulf-of-america-order' (first used on line 2)",
        ),
        (
            ",strategic access,none,",
            ",piracy,none,",
            "data/events.csv, line 2, id 'gulf-of-america-order', column 'category': 'piracy' is not one of:",
        ),
        (
            "Trump's second term,USA MEX",
            "Trump's second term,usa",
            "data/events.csv, line 2, id 'gulf-of-america-order', column 'countries': 'usa' is not in the "
            "expected form",
        ),
        ("id,date,", "id,when,", "data/events.csv, line 1: missing column(s) 'date'"),
        (
            ",sources,note\n",
            ",sources,note,extra\n",
            "data/events.csv, line 1: unexpected column(s) 'extra'",
        ),
    ],
)
def test_broken_rows_name_file_line_row_and_column(data_copy, old, new, message):
    edit_events(data_copy, old, new)
    with pytest.raises(data.DataError) as raised:
        data.load_events()
    assert str(raised.value).startswith(message)


def test_a_file_that_is_not_utf8_says_so(data_copy):
    path = data_copy / "events.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    with pytest.raises(data.DataError, match=r"data/events.csv: is not UTF-8 text \(byte 0x"):
        data.load_events()


def test_an_empty_file_says_so(data_copy):
    (data_copy / "events.csv").write_text("", encoding="utf-8")
    with pytest.raises(data.DataError, match="data/events.csv: the file is empty"):
        data.load_events()


def test_an_unquoted_comma_is_explained(data_copy):
    edit_events(
        data_copy,
        "Gulf of Mexico renamed the Gulf of America",
        "Gulf of Mexico, renamed the Gulf of America",
    )
    with pytest.raises(
        data.DataError,
        match="line 2, id 'gulf-of-america-order': has 12 cells where the header has 11",
    ):
        data.load_events()


# --- The other tables: the same kind of message for each kind of mistake ---------


@pytest.mark.parametrize(
    "filename, old, new, loader, message",
    [
        (
            "countries.csv",
            "CELAC member,Central America,yes,",
            "CELAC member,Central America,maybe,",
            data.load_countries,
            "data/countries.csv, line 6, id 'BLZ', column 'core_hemisphere': 'maybe' is not one of: yes, no, unclear",
        ),
        (
            "countries.csv",
            "member,2018,,listed,false",
            "member,2018a,,listed,false",
            data.load_countries,
            "data/countries.csv, line 8, id 'SLV', column 'bri_joined': '2018a' is not a whole number",
        ),
        (
            "countries.csv",
            "left,2017,2025,",
            "left,2017,2052,",
            data.load_countries,
            "data/countries.csv, line 12, id 'PAN', column 'bri_left': 2052 is above the maximum of 2026",
        ),
        (
            "countries.csv",
            "not listed,false,",
            "not listed,no,",
            data.load_countries,
            "data/countries.csv, line 2, id 'USA', column 'majors_waiver': 'no' is not one of: true, false",
        ),
        (
            "countries.csv",
            ",ecuador-runoff,",
            ",ecuador-elections,",
            data.load_countries,
            "data/countries.csv, line 28, id 'ECU', column 'election_event': "
            "no row of data/events.csv has id 'ecuador-elections'",
        ),
        (
            "designations.csv",
            "in effect,Latin America and the Caribbean,VEN,",
            "in effect,Latin America and the Caribbean,VEN XYZ,",
            data.load_designations,
            "data/designations.csv, line 9, id 'tren-de-aragua', column 'home_countries': "
            "country code 'XYZ' is not in data/countries.csv",
        ),
        (
            "designations.csv",
            "2025-02-20,in effect",
            "20/02/2025,in effect",
            data.load_designations,
            "data/designations.csv, line 2, id 'cartel-del-noreste', column 'date': "
            "'20/02/2025' is not a calendar date in the form YYYY-MM-DD",
        ),
        (
            "indicators.csv",
            "2025-09-30,DHS",
            "2025-09-30,",
            data.load_indicators,
            "data/indicators.csv, line 2, id 'sw-border-apprehensions-fy2025', column 'claimant': "
            "is empty but required",
        ),
        (
            "indicators.csv",
            ",237565,",
            ',"237,565",',
            data.load_indicators,
            "data/indicators.csv, line 2, id 'sw-border-apprehensions-fy2025', column 'value': "
            "'237,565' is not a number",
        ),
        (
            "corollaries.csv",
            "context,Roosevelt Corollary",
            "context,Wilson Corollary",
            data.load_corollaries,
            "data/corollaries.csv, line 2, id 'context-roosevelt', column 'corollary': 'Wilson Corollary' is not one of",
        ),
        (
            "corollaries.csv",
            'read broadly.",§2,',
            'read broadly.",section 2,',
            data.load_corollaries,
            "data/corollaries.csv, line 2, id 'context-roosevelt', column 'essay_section': 'section 2' is not in "
            "the expected form",
        ),
        (
            "corollaries.csv",
            "legality-roosevelt,legality,",
            "legality-roosevelt,lawfulness,",
            data.load_corollaries,
            "data/corollaries.csv, line 12, id 'legality-roosevelt', column 'dimension': 'lawfulness' is not one of",
        ),
        (
            "corollaries.csv",
            ";drago1907stateloans;frus1905d316,",
            ";drago1907stateloans;factsheet2099,",
            data.load_corollaries,
            "data/corollaries.csv, line 2, id 'context-roosevelt', column 'sources': source key "
            "'factsheet2099' is not in data/references.bib",
        ),
        (
            "primary_sources.csv",
            ",2025-12-04,",
            ",4 December 2025,",
            data.load_primary_sources,
            "data/primary_sources.csv, line 3, id 'nss-2025-trump-corollary', column 'date': "
            "'4 December 2025' is not a calendar date in the form YYYY-MM-DD",
        ),
        (
            "primary_sources.csv",
            "nss-2025-trump-corollary,Trump Corollary,",
            "nss-2025-trump-corollary,Donroe Doctrine,",
            data.load_primary_sources,
            "data/primary_sources.csv, line 3, id 'nss-2025-trump-corollary', column 'corollary': "
            "'Donroe Doctrine' is not one of",
        ),
        (
            "primary_sources.csv",
            ",whitehouse2025nss;eir2025nss,",
            ",whitehouse2025nsss;eir2025nss,",
            data.load_primary_sources,
            "data/primary_sources.csv, line 3, id 'nss-2025-trump-corollary', column 'sources': "
            "source key 'whitehouse2025nsss' is not in data/references.bib",
        ),
    ],
)
def test_broken_rows_in_every_table_are_named(data_copy, filename, old, new, loader, message):
    edit(data_copy, filename, old, new)
    with pytest.raises(data.DataError) as raised:
        loader()
    assert str(raised.value).startswith(message)


def test_an_unknown_country_code_is_named(data_copy):
    edit_events(data_copy, "Trump's second term,USA MEX", "Trump's second term,USA MXE")
    with pytest.raises(data.DataError) as raised:
        data.load_events()
    assert str(raised.value) == (
        "data/events.csv, line 2, id 'gulf-of-america-order', column "
        "'countries': country code 'MXE' is not in data/countries.csv"
    )


# --- The package as a whole -------------------------------------------------------


def test_frictionless_validates_the_data_package():
    report = frictionless.validate(DATA / "datapackage.json")
    problems = [error.message for error in report.errors]
    problems += [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, problems
    assert {task.name for task in report.tasks} == {
        "events",
        "countries",
        "designations",
        "corollaries",
        "primary_sources",
        "indicators",
        "claims",
        "errata",
        "basemap",
    }


def test_frictionless_catches_what_our_loader_catches(data_copy):
    edit(data_copy, "countries.csv", ",ecuador-runoff,", ",ecuador-elections,")
    report = frictionless.validate(data_copy / "datapackage.json")
    assert not report.valid
    assert any(error.type == "foreign-key" for task in report.tasks for error in task.errors)


def test_every_source_key_in_every_table_resolves():
    keys = data.reference_keys()
    for loader in (
        data.load_events,
        data.load_countries,
        data.load_designations,
        data.load_corollaries,
        data.load_primary_sources,
        data.load_indicators,
        data.load_claims,
    ):
        for sources in loader()["sources"]:
            assert sources and set(sources) <= keys, (loader.__name__, sources)


def test_every_country_code_exists():
    codes = set(data.load_countries()["iso3"])
    for countries in data.load_events()["countries"]:
        assert set(countries) <= codes
    for homes in data.load_designations()["home_countries"]:
        assert set(homes) <= codes


# --- The counts the book teaches reproduce from the rows --------------------------


def test_the_counts_the_book_teaches():
    counts = data.teaching_counts()
    # Footnote 3: 26 designations by 3 Feb 2026, 15 of them Latin American.
    assert counts["designations"] == 26
    assert counts["designations_latin_america"] == 15
    # Counting TRF, an alias added to an existing designation, gives 27 (fact sheet B).
    assert counts["designations_with_aliases"] == 27
    # §3: 22 of the 33 CELAC states were in the Belt and Road in 2025.
    assert counts["celac_states"] == 33
    assert counts["bri_members_2025"] == 22
    # §1 says 18 regional countries are on the FY2026 majors list; the list names 17.
    assert counts["majors_list_region"] == 17
    assert counts["majors_failed_demonstrably_region"] == 3


def test_designations_stop_at_the_essays_cutoff():
    groups = data.load_designations()
    assert groups["date"].max() <= pd.Timestamp("2026-02-03")
    assert groups["date"].min() >= pd.Timestamp("2025-01-20")


def test_countries_cover_celac_the_us_canada_and_greenland():
    countries = data.load_countries()
    hemisphere = countries[countries["scope"] != "outside the hemisphere"]
    assert len(hemisphere) == 36
    assert {"USA", "CAN", "GRL"} <= set(hemisphere["iso3"])
    # Every hemisphere row says whether it is in the essay's core, and why.
    assert hemisphere["core_hemisphere"].notna().all()
    assert (hemisphere["core_reasoning"] != "").all()
    # Every CELAC state has a Belt and Road status; the others have none.
    assert countries.loc[countries["celac"], "bri_status"].notna().all()
    assert countries.loc[~countries["celac"], "bri_status"].isna().all()


def test_derived_country_columns_follow_their_tables():
    countries = data.load_countries().set_index("iso3")
    trip = data.load_events().set_index("id").loc["rubio-first-trip", "countries"]
    assert (
        set(countries.index[countries["rubio_trip_feb_2025"]])
        == set(trip)
        == {"PAN", "SLV", "CRI", "GTM", "DOM"}
    )
    # Six of the first eight designations are Mexican cartels.
    assert countries.loc["MEX", "fto_groups"] == 6
    # Barrio 18 counts for each of its three home countries.
    assert countries.loc["GTM", "fto_groups"] == 1


def test_a_new_designation_changes_the_derived_count(data_copy):
    with open(data_copy / "designations.csv", "a", encoding="utf-8") as handle:
        handle.write(
            "test-group,Test group,new organisation,1,2026-01-20,announced,"
            "Latin America and the Caribbean,MEX,crs2025ftos,\n"
        )
    assert data.load_countries().set_index("iso3").loc["MEX", "fto_groups"] == 7
    assert data.teaching_counts()["designations"] == 27


def test_events_span_monroe_to_february_2026_with_the_anchors():
    events = data.load_events()
    assert len(events) >= 60
    assert events["date"].min() == pd.Timestamp("1823-12-02")
    assert events["date"].max() < pd.Timestamp("2026-03-01")
    anchors = {
        "monroe-message",
        "roosevelt-corollary",
        "panama-independence",
        "dominican-receivership",
        "dollars-for-bullets",
        "rio-treaty",
        "oas-charter",
        "alba-founded",
        "ftaa-stalls",
        "unasur-treaty",
        "celac-founded",
        "trump-first-term-approach",
        "biden-approach",
    }
    assert anchors <= set(events["id"])
    assert set(events["era"].unique()) == set(events["era"].cat.categories)


#: The comparison's dimensions in teaching order (issue 13): chapters, chart, quizzes and
#: exercises all read them from hemisphere.data.comparison_dimensions().
DIMENSIONS = [
    "context",
    "stated justification",
    "aims",
    "outside power",
    "instruments",
    "legality",
    "scope",
    "order-building",
    "domestic drivers",
    "reception in the region",
    "outcomes",
]


def test_the_comparison_has_eleven_dimensions_in_teaching_order():
    assert data.comparison_dimensions() == DIMENSIONS
    assert list(data.load_corollaries()["dimension"].cat.categories) == DIMENSIONS
    assert len(data.load_corollaries()) == 2 * len(DIMENSIONS) == 22


def test_each_dimension_compares_both_corollaries():
    comparison = data.corollaries_side_by_side()
    assert list(comparison.index) == DIMENSIONS
    assert comparison.notna().all().all()
    assert list(comparison.columns) == ["Roosevelt Corollary", "Trump Corollary"]


def test_the_grid_cites_originals_and_keeps_japanese_out():
    import re

    grid = data.load_corollaries()
    text = grid[["dimension", "summary", "record", "note"]].to_csv()
    # The grid feeds SVG charts, which cannot mark a language.
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text)
    cited = {key for keys in grid["sources"] for key in keys}
    assert "factsheet2026" not in cited
    # Roosevelt's own words and the strategy's are both in the grid.
    words = grid.set_index("id").loc[["justification-roosevelt", "justification-trump"], "record"]
    assert "international police power" in words.iloc[0]
    assert "reassert and enforce the Monroe Doctrine" in words.iloc[1]
    # Where the essay is silent, the row says so and the record carries the sources.
    silent = grid[grid["essay_section"] == "none"]
    assert set(silent["id"]) == {"legality-roosevelt", "drivers-roosevelt"}
    assert all(summary.startswith("The essay does not") for summary in silent["summary"])
    assert all(silent["record"].str.len() > 0)


def test_the_dominican_arrangement_is_a_receivership_not_a_debt_takeover():
    events = data.load_events().set_index("id")
    grid = data.load_corollaries().set_index("id")
    receivership = events.loc["dominican-receivership"]
    assert receivership["date_label"] == "1 Apr 1905"
    assert "share of the revenue goes to the Dominican government" in receivership["description"]
    # The share itself lives once, in indicators.csv, where chapter 2 and the claims box read it.
    share = data.load_indicators().set_index("id").loc["dominican-customs-share"]
    assert (share["value"], share["unit"]) == (45, "percent")
    assert "did not assume" in grid.loc["instruments-roosevelt", "record"]
    assert "Senate does not approve" in events.loc["dominican-accord", "description"]


def test_a_dimension_left_out_for_one_corollary_is_named(data_copy):
    path = data_copy / "corollaries.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("legality-trump,")))
    with pytest.raises(data.DataError) as raised:
        data.load_corollaries()
    assert str(raised.value) == (
        "data/corollaries.csv: no row compares the Trump Corollary on the dimension 'legality'"
    )


def test_a_second_row_for_the_same_cell_is_named(data_copy):
    path = data_copy / "corollaries.csv"
    text = path.read_text(encoding="utf-8")
    extra = next(line for line in text.splitlines() if line.startswith("aims-trump,"))
    path.write_text(text + extra.replace("aims-trump,", "aims-trump-again,", 1) + "\n")
    with pytest.raises(data.DataError) as raised:
        data.load_corollaries()
    assert str(raised.value) == (
        "data/corollaries.csv, line 24, id 'aims-trump-again', column 'dimension': "
        "a second row for Trump Corollary on 'aims' (first: id 'aims-trump')"
    )


#: The Roosevelt Corollary from its cause to its repudiation (facts.md E1-E12), on the timeline.
ROOSEVELT_HISTORY = {
    "venezuela-blockade": "Dec 1902",
    "drago-note": "29 Dec 1902",
    "dominican-arbitral-award": "14 Jul 1904",
    "roosevelt-corollary": "6 Dec 1904",
    "dominican-accord": "7 Feb 1905",
    "dominican-receivership": "1 Apr 1905",
    "dominican-convention-1907": "8 Feb 1907",
    "nicaragua-legation-guard": "4 Aug 1912",
    "haiti-occupation": "28 Jul 1915",
    "dominican-occupation": "May 1916",
    "dominican-occupation-ends": "12 Jul 1924",
    "havana-conference": "18 Feb 1928",
    "clark-memorandum": "17 Dec 1928",
    "nicaragua-marines-leave": "2 Jan 1933",
    "good-neighbor": "4 Mar 1933",
    "montevideo-convention": "26 Dec 1933",
    "cuba-treaty-1934": "29 May 1934",
    "haiti-occupation-ends": "1 Aug 1934",
    "rio-treaty": "2 Sep 1947",
    "oas-charter": "30 Apr 1948",
}


def test_the_roosevelt_corollary_is_on_the_timeline_from_cause_to_repudiation():
    events = data.load_events().set_index("id")
    assert ROOSEVELT_HISTORY.items() <= events["date_label"].to_dict().items()
    between = events[(events["date"] >= "1902-01-01") & (events["date"] < "1950-01-01")]
    # The 20 above, Panama's independence, the canal treaty and Taft's "dollars for bullets".
    assert len(between) == 23
    assert not {key for keys in between["sources"] for key in keys} & {"factsheet2026"}
    # Each end-of-occupation row says which end event its date marks.
    for end in ("dominican-occupation-ends", "nicaragua-marines-leave", "haiti-occupation-ends"):
        assert "marks" in events.loc[end, "note"], end
    assert "best-known corollary" in events.loc["roosevelt-corollary", "description"]


def test_indicators_state_a_value_or_a_range():
    indicators = data.load_indicators()
    ranges = indicators["qualifier"] == "range"
    assert indicators.loc[ranges, "value"].isna().all()
    assert (indicators.loc[ranges, "low"] < indicators.loc[ranges, "high"]).all()
    assert indicators.loc[~ranges, "value"].notna().all()
    # The disputed migration figures come with their rival claimants.
    net = indicators[indicators["category"] == "net migration"]
    assert set(net["claimant"]) == {"Brookings", "CBO", "Census Bureau"}


def test_basemap_has_a_shape_for_every_country_in_the_hemisphere():
    import json

    topology = json.loads(data.basemap_path().read_text(encoding="utf-8"))
    features = topology["objects"]["countries"]["geometries"]
    countries = data.load_countries()
    hemisphere = countries[countries["scope"] != "outside the hemisphere"]
    assert sorted(feature["id"] for feature in features) == sorted(hemisphere["iso_numeric"])

    def arc_indexes(arcs):
        if isinstance(arcs, int):
            yield arcs if arcs >= 0 else ~arcs
        else:
            for item in arcs:
                yield from arc_indexes(item)

    used = {index for feature in features for index in arc_indexes(feature["arcs"])}
    assert used == set(range(len(topology["arcs"])))


def test_bibliography_entries_are_complete():
    from pybtex.database import parse_file

    bibliography = parse_file(DATA / "references.bib")
    for key, entry in bibliography.entries.items():
        assert entry.fields.get("title"), key
        assert entry.fields.get("year"), key
        assert entry.persons.get("author"), key
        url = entry.fields.get("url")
        if url:
            assert re.fullmatch(r"https://[^\s{}]+", url), (key, url)


def test_every_reference_url_is_well_formed():
    """No live check (the tests run offline): each URL parses, is https, names a real-looking host,
    carries no spaces or BibTeX braces, and no two entries give the same one by mistake."""
    from urllib.parse import urlsplit

    from pybtex.database import parse_file

    urls = {
        key: entry.fields["url"]
        for key, entry in parse_file(DATA / "references.bib").entries.items()
        if "url" in entry.fields
    }
    assert urls, "references.bib gives no URL at all"
    for key, url in urls.items():
        parts = urlsplit(url)
        assert parts.scheme == "https", (key, url)
        assert re.fullmatch(r"([a-z0-9-]+\.)+[a-z]{2,}", parts.hostname or ""), (key, url)
        assert not re.search(r"[\s{}<>\"]", url), (key, url)
        assert parts.port is None and not parts.username, (key, url)
    repeated = {url for url in urls.values() if list(urls.values()).count(url) > 1}
    assert repeated == set(), repeated


def test_the_primary_sources_hold_both_key_passages_exactly():
    passages = data.load_primary_sources().set_index("id")
    assert list(passages.index) == ["roosevelt-1904-police-power", "nss-2025-trump-corollary"]
    assert list(passages["corollary"].astype(str)) == ["Roosevelt Corollary", "Trump Corollary"]
    roosevelt = passages.loc["roosevelt-1904-police-power", "text"]
    assert roosevelt.startswith("Chronic wrongdoing, or an impotence which results in a general")
    assert roosevelt.endswith("to the exercise of an international police power.")
    trump = passages.loc["nss-2025-trump-corollary", "text"]
    assert trump.startswith("After years of neglect, the United States will reassert and enforce")
    assert trump.endswith("consistent with American security interests.")
    assert passages["checked_at"].str.len().min() > 20
    # The grid's short quotations are cut from these texts, not kept a second time.
    import re

    grid = data.load_corollaries().set_index("id")
    for row_id, source_id in (
        ("justification-roosevelt", "roosevelt-1904-police-power"),
        ("justification-trump", "nss-2025-trump-corollary"),
    ):
        quotations = re.findall(r"(?:^|\s)'([^']{12,})'", grid.loc[row_id, "record"])
        assert len(quotations) >= 2, row_id
        for quoted in quotations:
            assert quoted in passages.loc[source_id, "text"], (row_id, quoted)


def test_an_unknown_passage_is_named():
    with pytest.raises(KeyError, match="no passage with id 'monroe-1823'"):
        data.primary_source("monroe-1823")

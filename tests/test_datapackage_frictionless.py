"""A development cross-check of data/datapackage.json: frictionless, the Data Package's reference
implementation, finds the package valid. The package itself never uses frictionless (students
do not install it); its own checks are hemisphere.data.tableschema, tested in test_tableschema.py."""

from __future__ import annotations

import pytest

from hemisphere import paths

frictionless = pytest.importorskip("frictionless", reason="frictionless is in the development set")


def test_frictionless_finds_the_data_package_valid():
    report = frictionless.validate(paths.DATA / "datapackage.json")
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

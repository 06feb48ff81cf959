"""``coopdash metrics``: the figures on a day (by the records' own dates) and as recorded on a day."""

from __future__ import annotations

import datetime as dt


def test_the_figures_on_the_news_items_day_are_the_ones_it_published(sample_db, cli):
    code, figures = cli.json("metrics", "--on", "2023-05-05")
    assert code == 0
    published = {k: figures[k] for k in ("standards_adopted", "adoption_countries", "centres", "centre_countries")}
    assert published == {"standards_adopted": 23, "adoption_countries": 15, "centres": 9, "centre_countries": 7}
    _, today = cli.json("metrics")
    assert today["adoptions"] == 71 and figures["adoptions"] < today["adoptions"]  # later adoptions left out


def test_as_recorded_on_a_day_before_the_import_there_is_nothing_yet(sample_db, cli):
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).date().isoformat()
    _, figures = cli.json("metrics", "--on", "2023-05-05", "--as-of", yesterday)
    assert set(figures.values()) == {0}


def test_the_two_dates_are_explained_in_the_help(cli):
    text = " ".join(cli("metrics", "--help").stdout.split())
    assert "--on DATE the figures on DATE: what had happened by then" in text
    assert "--as-of DATE as recorded on DATE" in text


def test_a_date_that_is_not_one_is_a_usage_error(cli):
    done = cli("metrics", "--on", "5 May 2023")
    assert done.returncode == 2 and "write it as 2026-06-30" in done.stderr

"""``components.made``: the cells and rows a page repeats, made without Dash's per-call checks,
are the components Dash would have made, and a wrong argument is still refused."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pytest
from dash import dcc, html
from plotly.io.json import to_json_plotly

from dashboard.web import components
from dashboard.web.components import made
from dashboard.web.layout_json import encode


@pytest.fixture(autouse=True)
def no_kinds_known(monkeypatch):
    monkeypatch.setattr(components, "_KINDS", {})


def row(make, n: int):
    return make(
        html.Tr,
        [
            make(html.Th, make(dcc.Link, f"Kenya {n}", href=f"/country/KEN?n={n}", id=f"link-{n}"), scope="row"),
            make(html.Td, str(n), className="text-end"),
            make(dbc.DropdownMenuItem, "PNG", href="/export.png", external_link=True),
        ],
        **{"data-iso3": "KEN"},  # one: Dash orders several by a set, differently in each process
    )


def test_made_components_are_written_as_dashs_own():
    def dashs(kind, children=None, **props):
        return kind(children, **props)

    for n in range(3):  # the first of each kind is Dash's own; the next are made
        ours, theirs = row(made, n), row(dashs, n)
        assert encode(ours) == encode(theirs) == to_json_plotly(theirs).encode()
        assert type(ours) is html.Tr and type(ours.children[0].children) is dcc.Link
    assert {html.Tr, html.Th, html.Td, dcc.Link, dbc.DropdownMenuItem} <= components._KINDS.keys()


def test_made_components_do_not_share_their_properties():
    first, second = made(html.Td, "a", className="x"), made(html.Td, "b")
    third = made(html.Td, "c", style={"color": "red"})
    assert (first.children, second.children, third.children) == ("a", "b", "c")
    assert not hasattr(second, "className") and not hasattr(first, "style")


@pytest.mark.parametrize(
    "props",
    [{"colour": "red"}, {"title": html.B("bold")}, {"id": 7}],
    ids=["unknown property", "component outside children", "id neither text nor dict"],
)
def test_a_wrong_argument_is_refused_after_the_first_too(props):
    made(html.Td, "first")
    with pytest.raises(TypeError):
        made(html.Td, "next", **props)


def test_the_first_of_a_kind_has_all_of_dashs_checks():
    with pytest.raises(TypeError, match="href"):
        made(dcc.Link, "no address")  # a required property Dash checks for
    assert dcc.Link not in components._KINDS


def test_a_component_is_taken_where_the_kind_takes_one_after_the_first_too():
    """dbc.DropdownMenu takes a component as its label, as Dash's own check allows."""
    made(dbc.DropdownMenu, [], label="text first")
    menu = made(dbc.DropdownMenu, [], label=html.Span("a component next"))
    assert encode(menu) == encode(dbc.DropdownMenu([], label=html.Span("a component next")))

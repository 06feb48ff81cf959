"""The calendar feed (/calendar.ics): read with a token an admin made, 404 once revoked."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest

from dashboard.store import accounts, feeds
from dashboard.web.app import create_app

SAMPLE_TODAY = "2026-11-25"


@pytest.fixture
def client(sample_store, monkeypatch):
    monkeypatch.setenv("COOPDASH_TODAY", SAMPLE_TODAY)
    monkeypatch.setenv("COOPDASH_PUBLIC_VIEW", "0")  # the token alone opens the feed
    accounts.add(sample_store, "ada", "viewer", "a-long-password")
    return create_app(sample_store).server.test_client()


def test_the_feed_parses_as_icalendar_and_holds_the_expiring_agreements_and_events(client, sample_store):
    token = feeds.create(sample_store, "ada")
    response = client.get(f"/calendar.ics?token={token}")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    entries = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    selangor = entries["Agreement expires: Selangor Institute of Technology (Memorandum of understanding)"]
    assert selangor.decoded("dtstart") == dt.date(2026, 12, 15)
    assert any(a["action"] == "DISPLAY" for a in selangor.walk("VALARM"))
    expiring = [s for s in entries if s.startswith("Agreement expires:")]
    assert len(expiring) >= 5  # the five within 90 days, and the later ones
    assert len(entries) - len(expiring) >= 30  # the events
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))  # stable and distinct: a calendar program updates, never doubles


def test_the_feed_in_chinese(client, sample_store):
    token = feeds.create(sample_store, "ada")
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar.ics?token={token}&lang=zh").data)
    assert "协议到期：Selangor Institute of Technology（合作备忘录）" in {
        str(e["summary"]) for e in calendar.walk("VEVENT")
    }


def test_a_revoked_or_unknown_token_gets_404(client, sample_store):
    token = feeds.create(sample_store, "ada")
    assert client.get(f"/calendar.ics?token={token}").status_code == 200
    feeds.revoke(sample_store, feeds.live(sample_store)[0].id)
    assert client.get(f"/calendar.ics?token={token}").status_code == 404
    assert client.get("/calendar.ics?token=made-up").status_code == 404
    assert client.get("/calendar.ics").status_code == 404


def test_a_removed_users_feed_closes_with_them(client, sample_store):
    token = feeds.create(sample_store, "ada")
    accounts.remove(sample_store, "ada")
    assert client.get(f"/calendar.ics?token={token}").status_code == 404


def test_an_admin_makes_and_revokes_a_feed_on_the_admin_page(sample_store, monkeypatch):
    monkeypatch.setenv("COOPDASH_TODAY", SAMPLE_TODAY)
    accounts.add(sample_store, "root", "admin", "admin-password-1")
    accounts.add(sample_store, "ada", "viewer", "a-long-password")
    client = create_app(sample_store).server.test_client()
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.post("/login", data={"name": "root", "password": "admin-password-1", "csrf": csrf})
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/admin").get_data(as_text=True)).group(1)

    made = client.post("/admin/feeds", data={"name": "ada", "csrf": csrf}).get_data(as_text=True)
    address = re.search(r"<code>(http://[^<]+/calendar\.ics\?token=[^<]+)</code>", made).group(1)
    path = address.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert [f.user for f in feeds.live(sample_store)] == ["ada"]
    assert "token=" not in client.get("/admin").get_data(as_text=True)  # shown once, kept nowhere

    feed_id = feeds.live(sample_store)[0].id
    client.post(f"/admin/feeds/{feed_id}/revoke", data={"csrf": csrf})
    assert feeds.live(sample_store) == []
    assert client.get("/" + path).status_code == 404
    actions = [e["action"] for e in accounts.entries(sample_store)]
    assert "calendar_feed_created" in actions and "calendar_feed_revoked" in actions


def test_an_admin_gives_a_user_an_email_and_a_wrong_one_is_refused(sample_store):
    accounts.add(sample_store, "ada", "viewer", "a-long-password")
    accounts.set_email(sample_store, "ada", "Ada <ada@EXAMPLE.edu>")
    assert accounts.find(sample_store, "ada").email == "ada@example.edu"
    with pytest.raises(accounts.AccountError, match="not an email address"):
        accounts.set_email(sample_store, "ada", "ada at example")

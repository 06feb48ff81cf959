"""Security headers, checked through the app itself."""

from __future__ import annotations

from dashboard.web.app import create_app


def test_only_the_public_view_may_be_framed_by_the_named_site(sample_store, monkeypatch):
    monkeypatch.setenv("COOPDASH_EMBED_ORIGINS", "https://www.example.edu")
    client = create_app(sample_store).server.test_client()
    public = client.get("/public").headers["Content-Security-Policy"]
    overview = client.get("/").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.example.edu" in public
    assert "frame-ancestors 'self'" in overview and "example.edu" not in overview


def test_over_https_browsers_are_told_to_come_back_only_over_https(sample_store, monkeypatch):
    monkeypatch.setenv("COOPDASH_HTTPS", "1")
    response = create_app(sample_store).server.test_client().get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_over_plain_http_no_https_promise_is_made(sample_store, monkeypatch):
    monkeypatch.delenv("COOPDASH_HTTPS", raising=False)
    response = create_app(sample_store).server.test_client().get("/")
    assert "Strict-Transport-Security" not in response.headers

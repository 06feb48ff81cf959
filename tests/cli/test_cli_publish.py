"""``coopdash publish``: the public page as a static site, written whole or not at all."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.support.paths import SAMPLE

PUBLIC_FIGURES = {"standards_adopted": 23, "adoption_countries": 15, "centres": 9, "centre_countries": 7}


def _figures(site: Path, lang: str = "en") -> dict[str, int]:
    document = json.loads((site / "data.json").read_text())[lang]
    return {f["key"]: f["value"] for f in document["figures"]}


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_publish_writes_the_public_page_as_html_json_topojson_and_png_and_svg_charts(sample_db, cli, tmp_path):
    done = cli("publish", "--out", tmp_path / "site")
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    assert f"Published the public site to {site}" in done.stdout
    index = (site / "index.html").read_text()
    assert '<html lang="en">' in index and 'id="kpi-standards_adopted">23<' in index
    assert '<script src="plotly.min.js"></script>' in index and "https://" not in index  # nothing from elsewhere
    assert "境外采用的标准" in (site / "zh.html").read_text()
    assert _figures(site) == PUBLIC_FIGURES and _figures(site, "zh") == PUBLIC_FIGURES
    code, metrics = cli.json("metrics")
    assert {k: metrics[k] for k in PUBLIC_FIGURES} == _figures(site)  # the figures the dashboard gives
    assert json.loads((site / "topojson" / "world_110m.json").read_text())["type"] == "Topology"
    assert (site / "plotly.min.js").stat().st_size > 1_000_000
    for lang in ("en", "zh"):
        assert (site / "charts" / f"adoption-map.{lang}.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        assert b"<svg" in (site / "charts" / f"adoption-map.{lang}.svg").read_bytes()[:500]
    assert json.loads((site / ".coopdash-site").read_text())["data_version"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == [".site.lock"]  # no half-site left


def test_publishing_again_replaces_the_whole_site(sample_db, cli, tmp_path):
    site = tmp_path / "site"
    assert cli("publish", "--out", site, "--no-images").returncode == 0
    (site / "stale.html").write_text("from an earlier site")
    assert cli("publish", "--out", site, "--no-images").returncode == 0
    assert not (site / "stale.html").exists() and (site / "index.html").is_file()
    assert not (site / "charts").exists()  # --no-images: no chart renderer started
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")) == [".site.lock"]


def test_publish_refuses_a_folder_that_is_not_its_own_and_leaves_it_as_it_was(sample_db, cli, tmp_path):
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "index.html").write_text("the university's own page")
    done = cli("publish", "--out", folder)
    assert done.returncode == 2
    assert f"{folder} holds files that are not a coopdash site" in done.stderr and "Traceback" not in done.stderr
    assert _contents(folder) == {"index.html": b"the university's own page"}
    assert "不是 coopdash 网站" in cli("publish", "--out", folder, "--lang", "zh").stderr

    a_file = tmp_path / "notes.txt"
    a_file.write_text("notes")
    done = cli("publish", "--out", a_file)
    assert done.returncode == 2 and "is a file, not a folder" in done.stderr and a_file.read_text() == "notes"
    done = cli("publish", "--out", tmp_path / "missing" / "site")
    assert done.returncode == 2 and "does not exist: make it first" in done.stderr
    done = cli("publish")
    assert done.returncode == 2 and "--out DIR, or set COOPDASH_PUBLISH_DIR" in done.stderr


def test_publish_into_a_folder_it_cannot_write_stops_with_a_message(sample_db, cli, tmp_path):
    done = cli("publish", "--out", "/proc/coopdash-site", "--no-images")  # no file can be made there, even by root
    assert done.returncode == 2
    assert "Could not write the site to /proc/coopdash-site" in done.stderr and "Traceback" not in done.stderr


@pytest.fixture
def small_disk(tmp_path):
    """An 8 MB file system: room for one site (plotly.js and the topojson are 7 MB), not for two."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("mounting a small file system needs privileges this machine does not give")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_disk_that_fills_up_while_publishing_leaves_the_old_site_whole(sample_db, cli, small_disk):
    site = small_disk / "site"
    assert cli("publish", "--out", site, "--no-images").returncode == 0
    before = _contents(site)
    done = cli("publish", "--out", site, "--no-images")  # the new site cannot fit beside the old
    assert done.returncode == 2
    assert "No space left on device" in done.stderr and "was left as it was" in done.stderr
    assert _contents(site) == before
    assert sorted(p.name for p in small_disk.iterdir()) == [".site.lock", "site"]  # the half-written one is gone


def test_with_a_publish_folder_set_every_commit_publishes_the_site_again(cli, tmp_path):
    site = tmp_path / "public"
    cli.env["COOPDASH_PUBLISH_DIR"] = str(site)
    done = cli("import", SAMPLE, "--json")  # stdout stays the import's JSON; the publishing speaks on stderr
    assert done.returncode == 0 and json.loads(done.stdout)["batch"] == 1
    assert f"Published the public site to {site}" in done.stderr, done.stderr
    assert _figures(site) == PUBLIC_FIGURES
    assert (site / "charts" / "adoption-map.en.png").is_file() or "could not be drawn" in done.stderr
    done = cli("rollback", "1")
    assert done.returncode == 0 and f"Published the public site to {site}" in done.stderr
    document = json.loads((site / "data.json").read_text())["en"]
    assert (document["data_version"], document["empty"]) == (2, True)
    assert "No data yet" in (site / "index.html").read_text()


def test_without_a_browser_to_draw_charts_publish_goes_out_without_images_and_export_says_why(sample_db, cli, tmp_path):
    """kaleido's browser cannot start (here BROWSER_PATH names a program that exits at once): the
    image commands say so in words and end, instead of waiting for it forever."""
    cli.env = cli.env | {"BROWSER_PATH": "/bin/false"}
    cli.process = True  # a process of its own: this one may already have a browser drawing charts
    done = cli("publish", "--out", tmp_path / "site")
    assert done.returncode == 0, done.stderr
    assert _figures(tmp_path / "site") == PUBLIC_FIGURES and not (tmp_path / "site" / "charts").exists()
    assert "the site was published without them" in done.stderr and "could not start or stopped" in done.stderr
    done = cli("export", "chart", "adoption-map", "--format", "png", "--out", tmp_path / "map.png")
    assert done.returncode == 1 and not (tmp_path / "map.png").exists()
    assert "coopdash: the chart renderer (headless Chromium, driven by kaleido) could not start" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout

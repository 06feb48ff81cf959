"""``coopdash publish``: the public page as a static site, for any web server or CDN to host.

With ``COOPDASH_PUBLISH_DIR`` set, every command that commits a batch (``import``, ``rollback``)
publishes the site there again once the batch is committed (:func:`install_after_commit`); the
web app does the same after an upload or a rollback (:mod:`dashboard.web.public_site`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.cli.common import EXIT_OK, EXIT_USAGE, UsageError, open_store
from dashboard.config import settings
from dashboard.model.texts import t

if TYPE_CHECKING:
    from dashboard.store.store import Store


def add_commands(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser(
        "publish", help="write the public page as a static site (HTML, JSON, topojson, PNG and SVG charts)"
    )
    sub.add_argument(
        "--out", type=Path, metavar="DIR", help="the site's folder (default: $COOPDASH_PUBLISH_DIR); made if missing"
    )
    sub.add_argument("--no-images", action="store_true", help="leave out the PNG and SVG charts (no chart renderer)")
    sub.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the messages")
    sub.set_defaults(run=_publish)


def _publish(args: argparse.Namespace) -> int:
    from dashboard.exports.site import PublishError, publish_store  # plotly, kaleido: for this command only

    out = args.out or settings().publish_dir
    if out is None:
        raise UsageError(t("publish.no_folder", args.lang))
    try:
        published = publish_store(open_store(args), out, images=not args.no_images)
    except PublishError as error:
        print(f"coopdash: {error.text(args.lang)}", file=sys.stderr)
        return EXIT_USAGE
    print(t("publish.done", args.lang, out=published.folder, files=published.files, batch=published.data_version))
    if published.images_failed:
        print(f"coopdash: {t('publish.no_images', args.lang, reason=published.images_failed)}", file=sys.stderr)
    return EXIT_OK


def install_after_commit() -> None:
    """With ``COOPDASH_PUBLISH_DIR`` set, publish the site there after each batch this process commits."""
    if settings().publish_dir is None:
        return
    from dashboard.batches import hooks

    hooks.after_commit("publish", _publish_after_commit)


def _publish_after_commit(store: Store) -> None:
    from dashboard.exports.site import PublishError, publish_store

    folder = settings().publish_dir
    if folder is None:
        return
    try:
        published = publish_store(store, folder)
    except PublishError as error:  # the commit stands; the old site stays until the next publish
        print(f"coopdash: {error.text()}", file=sys.stderr)
        return
    done = t("publish.done", "en", out=published.folder, files=published.files, batch=published.data_version)
    print(done, file=sys.stderr)  # stdout is the command's own (import --json)
    if published.images_failed:
        print(f"coopdash: {t('publish.no_images', 'en', reason=published.images_failed)}", file=sys.stderr)

"""``coopdash serve``: the dashboard under gunicorn, or Dash's development server with ``--debug``.

The web app (dash, flask) and gunicorn are imported when the command runs, not when the
command line starts.
"""

from __future__ import annotations

import argparse

from dashboard.cli.common import EXIT_OK, UsageError, open_store, positive
from dashboard.config import settings


def add_commands(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser("serve", help="serve the dashboard")
    sub.add_argument("--host", default="127.0.0.1")
    sub.add_argument("--port", type=int, default=8050)
    sub.add_argument(
        "--debug",
        action="store_true",
        help="Dash's development server in debug mode (for development only, never on a shared server)",
    )
    sub.add_argument(
        "--workers", type=positive, default=1, metavar="N", help="serve from N gunicorn worker processes (default 1)"
    )
    sub.add_argument("--threads", type=positive, default=2, metavar="N", help="threads per gunicorn worker (default 2)")
    sub.set_defaults(run=_serve)


def _serve(args: argparse.Namespace) -> int:
    """Serve with gunicorn, one worker or many; ``--debug`` alone runs Dash's development server
    (reloading, tracebacks in the browser): for a developer's machine, never for others to reach."""
    chosen = settings()  # a bad COOPDASH_* setting stops here, before any worker starts
    public_view = chosen.public_view_for(args.host)
    if args.debug:
        if args.workers > 1:
            raise UsageError("--debug serves from one process: leave out --workers")
        from dashboard.web.app import create_app  # dash: only when serving

        app = create_app(open_store(args), public_view=public_view, bind=args.host)
        print(f"coopdash: DEVELOPMENT server on http://{args.host}:{args.port} (--debug: never on a shared server)")
        app.run(host=args.host, port=args.port, debug=True)
        return EXIT_OK
    from dashboard.web.serving import serve  # gunicorn: only when serving

    workers = f"{args.workers} worker{'s' if args.workers > 1 else ''}"
    print(f"coopdash: serving on http://{args.host}:{args.port} with {workers}", flush=True)
    names = ", ".join(chosen.hosts_for(args.host))
    print(f"coopdash: answering the host names {names} (COOPDASH_ALLOWED_HOSTS sets them)", flush=True)
    serve(
        args.database,
        host=args.host,
        port=args.port,
        workers=args.workers,
        threads=args.threads,
        public_view=public_view,
    )
    return EXIT_OK

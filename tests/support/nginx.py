"""A real nginx (Debian's package) for the tests, its files in a temporary directory."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def configuration(home: Path, http: str) -> str:
    """nginx.conf for a server in the foreground, everything it writes kept in ``home``, with
    ``http`` (``server`` blocks and the like) in its ``http`` block."""
    return f"""daemon off;
pid {home}/nginx.pid;
error_log {home}/error.log;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {home}/body;
    proxy_temp_path {home}/proxy;
    fastcgi_temp_path {home}/fastcgi;
    uwsgi_temp_path {home}/uwsgi;
    scgi_temp_path {home}/scgi;
{http}
}}
"""

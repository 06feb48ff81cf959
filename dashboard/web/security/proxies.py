"""Where a request comes from, when a reverse proxy may stand in between.

Behind nginx every request reaches the app from 127.0.0.1, and the visitor's address is in
``X-Forwarded-For``, which each proxy extends with the address it was called from. Anyone can
send that header too, so it is believed only as far back as the chain runs through proxies
named in ``COOPDASH_TRUSTED_PROXIES``: the client is the right-most address a trusted proxy
reported that is not itself a trusted proxy. From any other peer the header is ignored.
(Werkzeug's ``ProxyFix`` trusts a *number* of hops, whoever sent them; this trusts addresses.)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(peer: str, forwarded_for: Iterable[str], trusted: Sequence[Network]) -> str:
    """The visitor's address: ``peer`` (the direct connection), unless ``peer`` is a trusted proxy;
    then the right-most address in ``forwarded_for`` (every ``X-Forwarded-For`` header, in order)
    that is not a trusted proxy."""
    if not is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for header in forwarded_for for hop in header.split(",")]
    client = peer
    for hop in reversed(hops):
        if _address(hop) is None:  # not an address: a trusted proxy passed on what its client made up
            break
        client = hop
        if not is_trusted(hop, trusted):
            break
    return client


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted(text: str, trusted: Sequence[Network]) -> bool:
    """Whether the address ``text`` is one of the ``trusted`` proxies."""
    address = _address(text)
    return address is not None and any(address in network for network in trusted)

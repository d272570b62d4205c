"""The URL rules: what counts as a web address, and the one rule for every webhook.

A webhook URL is where Pronto will POST paid results, so it must be an absolute ``https://``
URL naming a real host: a domain with a dot (``hooks.example.com``) or an IP address. Plain
``http://`` is accepted on loopback only (``127.0.0.1``, ``::1``, ``localhost``), where
nothing but a local FakePronto can reach it: anywhere else the results would travel in clear
text (the reference types ``webhook_url`` as an HTTPS URL). Relative and path-only values
(``../../etc/passwd``), hosts made of dots (``https://..``), spaces and control characters,
ports out of range and schemes other than http(s) are refused for every URL argument.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Final
from urllib.parse import urlsplit

__all__ = ["is_loopback", "url_problem", "webhook_problem"]

#: One DNS label once IDNA-encoded (underscores are tolerated: some providers use them).
_LABEL: Final = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")


def is_loopback(host: str | None) -> bool:
    """``localhost`` or a loopback address: where plain ``http://`` is fine (a local test
    server, a FakePronto, a receiver on this machine)."""
    if host is None:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_problem(host: str) -> str | None:
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    if host == "localhost":
        return None
    labels = host.split(".")
    if len(labels) < 2:
        return "it must name a real host: a domain with a dot, or an IP address"
    if any(not label for label in labels):
        return "its host has an empty label"
    for label in labels:
        try:
            ascii_label = label.encode("idna").decode("ascii")
        except UnicodeError:
            return f"its host has an invalid label {label!r}"
        if not _LABEL.match(ascii_label):
            return f"its host has an invalid label {label!r}"
    if labels[-1].isdigit():
        return "its host is neither a domain nor an IP address"
    return None


def url_problem(url: str) -> str | None:
    """Why ``url`` (already completed with a scheme) is not a usable web address, or
    ``None``."""
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url):
        return "it contains a space or a control character"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it is the check (out of range raises)
    except ValueError as exc:
        return f"it cannot be parsed ({exc})"
    if parts.scheme not in ("http", "https"):
        return "it must start with https:// (or http://)"
    if not parts.hostname:
        return "it names no host"
    return _host_problem(parts.hostname)


def webhook_problem(url: str) -> str | None:
    """Why ``url`` (a usable web address: :func:`url_problem` found nothing) cannot be a
    webhook, or ``None``."""
    parts = urlsplit(url)
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        return "plain http:// is only accepted for a receiver on loopback"
    return None

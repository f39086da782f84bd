"""Serve the workshop page with Solara's server, fully offline, on a loopback address.

Offline by construction, not by luck:

- every front-end file (Vue, Vuetify, the widget libraries, ECharts, fonts, icons) is
  served from the installed packages: ``solara-assets`` fills Solara's CDN cache folder,
  the widget packages bring their own files;
- Solara's CDN address is pointed at a closed loopback port, so a file missing from the
  cache fails on this machine instead of being fetched from the internet;
- production mode (no "is Solara up to date" check page) and no usage telemetry.

The page can only be reached from this computer unless the caller passes
``allow_remote=True`` (``jsdsim workshop --host ADDRESS``).
"""

from __future__ import annotations

import errno
import ipaddress
import os
import re
import socket
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

from model.core.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
CLOSED_CDN = "http://127.0.0.1:9/solara-cdn-is-offline/"
"""Where Solara would fetch a front-end file missing from its local cache: a closed
loopback port (the discard port), so a missing file is an error here, not a download."""

OFFLINE_ENV: dict[str, str] = {
    "SOLARA_APP": "model.app.page",
    "SOLARA_MODE": "production",
    "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
    "SOLARA_ASSETS_PROXY": "True",
    "SOLARA_ASSETS_CDN": CLOSED_CDN,
    "SOLARA_THEME_LOADER": "plain",
}
"""Solara settings of the workshop server (read by Solara when it is first imported)."""

_HOSTNAME = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                       r"(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")


def host_addresses(host: str) -> list[str]:
    """The IP addresses a host name or address stands for.

    Args:
        host: An IPv4 or IPv6 address, or a host name.

    Returns:
        Its addresses (one for an address).

    Raises:
        InputError: If it is neither an address nor a valid host name, or the name does
            not resolve.
    """
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        pass
    if not _HOSTNAME.match(host):
        raise InputError(f"--host {host!r}: not an IP address or a host name")
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise InputError(f"--host {host!r}: unknown host ({exc.strerror})") from None
    return sorted({info[4][0] for info in infos})


def is_loopback(host: str) -> bool:
    """Whether a host can only be reached from this computer.

    Args:
        host: An address or host name (e.g. ``127.0.0.1``, ``::1``, ``localhost``).

    Returns:
        True if every address it stands for is a loopback address.

    Raises:
        InputError: As :func:`host_addresses`.
    """
    return all(ipaddress.ip_address(a).is_loopback for a in host_addresses(host))


def check_host(host: str, allow_remote: bool) -> None:
    """Refuse a non-loopback address unless it was asked for explicitly.

    Args:
        host: The address to listen on.
        allow_remote: Whether the user named the address explicitly (``--host``).

    Raises:
        InputError: If the host is invalid, or not loopback while ``allow_remote`` is
            False.
    """
    if not is_loopback(host) and not allow_remote:
        raise InputError(f"refusing to listen on {host}: it is reachable from other "
                         "computers; name it explicitly with --host to allow that")


def open_socket(host: str, port: int) -> socket.socket:
    """Bind a listening socket (port 0: any free port).

    Args:
        host: Address or host name.
        port: Port number, 0..65535.

    Returns:
        The bound, listening socket.

    Raises:
        InputError: On a port out of range.
        OSError: If the port is in use or the address cannot be used here; the message
            says which.
    """
    if not 0 <= port <= 65535:
        raise InputError(f"--port {port}: expected a port number in [0, 65535] "
                         "(0: any free port)")
    address = host_addresses(host)[0]
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((address, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise OSError(f"port {port} is in use on {host} (choose another with --port, "
                          "or --port 0 for any free port)") from None
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return sock


def url_of(sock: socket.socket) -> str:
    """The address to open in a browser for a listening socket.

    Args:
        sock: The bound socket.

    Returns:
        E.g. ``http://127.0.0.1:8765/``.
    """
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def configure_offline(scenario: Path) -> None:
    """Set the environment (and Solara's settings, if already imported) for offline use.

    Args:
        scenario: The scenario file the page shows first.
    """
    from model.app.page import SCENARIO_ENV

    os.environ.update(OFFLINE_ENV)
    os.environ[SCENARIO_ENV] = str(Path(scenario).resolve())
    # Solara warns on every page load over plain http on 127.0.0.1 that it falls back to
    # samesite=lax cookies, which is what a local page wants: not a trainer's concern
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https",
                            category=UserWarning)
    if "solara.server.settings" in sys.modules:  # settings already read: set them too
        import solara.server.settings as server_settings
        import solara.settings

        solara.settings.assets.cdn = CLOSED_CDN
        solara.settings.assets.proxy = True
        server_settings.main.mode = "production"
        server_settings.telemetry.mixpanel_enable = False


def serve(scenario: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
          allow_remote: bool = False, announce: Callable[[str], None] = print) -> None:
    """Serve the workshop page until interrupted (Ctrl-C).

    Args:
        scenario: The scenario file the page shows first.
        host: Address to listen on.
        port: Port (0: any free port).
        allow_remote: Allow a non-loopback ``host`` (the user named it explicitly).
        announce: Called once with the page's address when the server listens.

    Raises:
        InputError: On a refused or invalid host, or an invalid port.
        OSError: If the port is in use or the address cannot be used.
    """
    check_host(host, allow_remote)
    sock = open_socket(host, port)
    try:
        configure_offline(scenario)
        import uvicorn

        config = uvicorn.Config("solara.server.starlette:app", log_level="warning",
                                lifespan="on", access_log=False, ws_ping_interval=20)
        server = uvicorn.Server(config)
        announce(url_of(sock))
        server.run(sockets=[sock])
    finally:
        sock.close()

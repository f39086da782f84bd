"""Tests of ``jsdsim workshop`` (model/cli/workshop.py) and the server's address checks."""

from __future__ import annotations

import re
import socket
import urllib.request

import pytest

from model import cli
from model.app import server
from model.cli import workshop as command
from tests.app.workshop_server import running_workshop


def test_help_explains_the_command(capsys):
    assert cli.main(["workshop", "--help"]) == 0
    text = capsys.readouterr().out
    for words in ("SCENARIO", "--port", "--host", "127.0.0.1", "no internet", "Ctrl-C",
                  "SOLARA_HOST", "docs/workshop.md"):
        assert words in text
    assert "workshop" in cli.build_parser().format_help()


@pytest.mark.parametrize(("argv", "message"), [
    (["workshop", "atlantis"], "no scenario 'atlantis'"),
    (["workshop", "--host", "not a host"], "not an IP address or a host name"),
    (["workshop", "--host", "192.0.2.7"], "cannot listen on 192.0.2.7"),  # not ours
    (["workshop", "--port", "70000"], "expected a port number"),
])
def test_bad_input_is_an_error_without_traceback(argv, message, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("jsdsim: error: ") and message in err and "Traceback" not in err


def test_a_port_in_use_is_an_error(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["workshop", "--port", str(port)]) == 2
    assert f"port {port} is in use" in capsys.readouterr().err


def test_an_invalid_scenario_file_is_an_error(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nplans: {}\n")
    assert cli.main(["workshop", str(bad)]) == 2
    assert "jsdsim: error: invalid scenario" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_hosts_are_allowed_without_asking(host):
    server.check_host(host, allow_remote=False)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.7", "10.1.2.3"])
def test_other_hosts_are_refused_unless_named_explicitly(host):
    with pytest.raises(ValueError, match="refusing to listen"):
        server.check_host(host, allow_remote=False)
    server.check_host(host, allow_remote=True)


def test_only_the_host_option_can_open_the_page_to_other_computers(monkeypatch):
    calls = []
    monkeypatch.setattr(server, "serve", lambda *a, **k: calls.append((a, k)))
    for variable in ("SOLARA_HOST", "HOST", "UVICORN_HOST", "JSDSIM_HOST"):
        monkeypatch.setenv(variable, "0.0.0.0")
    assert cli.main(["workshop", "jos"]) == 0
    (_, host, port), options = calls[-1]
    assert host == "127.0.0.1" and port == 8765 and options["allow_remote"] is False
    assert cli.main(["workshop", "jos", "--host", "0.0.0.0", "--port", "9000"]) == 0
    (_, host, port), options = calls[-1]
    assert host == "0.0.0.0" and port == 9000 and options["allow_remote"] is True


def test_serve_itself_refuses_a_non_loopback_host():
    with pytest.raises(ValueError, match="refusing to listen on 0.0.0.0"):
        server.serve(command.resolve_scenario("jos"), "0.0.0.0", 0)


def test_the_real_command_serves_the_page_from_this_computer_only():
    with running_workshop("jos") as url:
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=10) as response:
            html = response.read().decode()
        # every script and style sheet the page loads is served by the app itself
        fetched = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
        assert fetched and all(not re.match(r"(https?:)?//", u) for u in fetched), fetched
        assert "solara.dev/static/public/success" not in html  # no "phone home" check
        for asset in ("_solara/cdn/echarts@5.4.0/dist/echarts.js",
                      "_solara/cdn/requirejs@2.3.6/require.js",
                      "jupyter/nbextensions/jupyter-vuetify/nodeps.js"):
            with urllib.request.urlopen(url + asset, timeout=10) as response:
                assert response.status == 200 and len(response.read()) > 1000

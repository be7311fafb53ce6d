"""The one rule for where jobs go: flags, then the environment, then saved settings, then fal."""

from __future__ import annotations

import pytest

from gamecraft_desktop.core.connection import (
    DEFAULT_QUEUE_URL,
    DEFAULT_REST_URL,
    ConnectionSettings,
    resolve_connection,
    url_problem,
)


def test_defaults_are_fals_own_servers() -> None:
    c = resolve_connection()
    assert (c.queue_url.value, c.rest_url.value, c.proxy_url.value, c.webhook_url.value) == (
        DEFAULT_QUEUE_URL, DEFAULT_REST_URL, "", "")
    assert c.is_fal and c.server_label == "fal" and not c.uses_proxy
    assert c.describe() == f"Jobs go to {DEFAULT_QUEUE_URL}"


def test_flags_then_environment_then_settings() -> None:
    saved = ConnectionSettings(queue_url="https://saved.example.com/", rest_url="https://rest.example.com",
                               webhook_url="https://hooks.example.com/x")
    env = {"GAMECRAFT_DESKTOP_QUEUE_URL": "https://env.example.com", "GAMECRAFT_DESKTOP_WEBHOOK_URL": "ignored"}
    c = resolve_connection(saved, env)
    assert (c.queue_url.value, c.queue_url.source, c.queue_url.env_var) == (
        "https://env.example.com", "environment", "GAMECRAFT_DESKTOP_QUEUE_URL")
    assert (c.rest_url.value, c.rest_url.source) == ("https://rest.example.com", "settings")
    assert (c.webhook_url.value, c.webhook_url.source) == ("https://hooks.example.com/x", "settings")
    c = resolve_connection(saved, env, ConnectionSettings(queue_url="https://flag.example.com"))
    assert (c.queue_url.value, c.queue_url.source) == ("https://flag.example.com", "command line")
    assert c.server_label == "flag.example.com"
    assert "environment variable" not in c.describe() and "command line" in c.describe()


def test_a_loopback_queue_is_its_own_rest_host_unless_one_is_given() -> None:
    assert resolve_connection(ConnectionSettings(queue_url="http://127.0.0.1:8123/")).rest_url.value == \
        "http://127.0.0.1:8123"
    assert resolve_connection(ConnectionSettings(queue_url="https://gateway.example.com")).rest_url.value == \
        DEFAULT_REST_URL
    env = {"GAMECRAFT_DESKTOP_REST_URL": "http://127.0.0.1:9"}
    assert resolve_connection(ConnectionSettings(queue_url="http://127.0.0.1:8123"), env).rest_url.value == \
        "http://127.0.0.1:9"


def test_a_proxy_names_the_badge_and_the_description() -> None:
    c = resolve_connection(env={"GAMECRAFT_DESKTOP_PROXY_URL": "https://proxy.example.com:8443/fal"})
    assert c.uses_proxy and not c.is_fal and c.server_label == "proxy.example.com:8443"
    assert "through the proxy https://proxy.example.com:8443/fal" in c.describe()
    assert "GAMECRAFT_DESKTOP_PROXY_URL" in c.describe()


@pytest.mark.parametrize(("url", "problem"), [
    ("", None), ("https://queue.fal.run", None), ("http://127.0.0.1:8123/", None), ("https://[::1]:9/", None),
    ("queue.fal.run", "must start with https://"), ("ftp://x.example.com", "must start with https://"),
    ("https://", "has no host name"), ("http://host:notaport", "not a valid URL"),
    ("https://x.example.com/?a=1", "must not have a ?query"),
])
def test_url_problems_are_named(url: str, problem: str | None) -> None:
    found = url_problem(url)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_settings_from_a_hand_edited_file_are_read_leniently() -> None:
    s = ConnectionSettings.from_dict({"queue_url": " https://q.example.com ", "proxy_url": 7, "other": "x"})
    assert s == ConnectionSettings(queue_url="https://q.example.com")
    assert ConnectionSettings.from_dict(["not", "an", "object"]) == ConnectionSettings()
    assert ConnectionSettings(proxy_url="nope").problems() == {"proxy_url": "must start with https:// (or http://)"}

"""Where jobs go: the connection settings (queue, REST, proxy, webhook), and the one rule that resolves them
for the window and the CLI alike: command line, then environment, then saved settings, then fal's defaults.

Pure data and rules (no I/O): the settings file lives in store/settings.py, the HTTP config in fal/config.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Literal
from urllib.parse import urlsplit

from gamecraft_desktop.core.texts import Texts

#: Where jobs go, in words (core/texts.py: the name is the translation context).
ConnectionText = Texts("ConnectionText")

DEFAULT_QUEUE_URL = "https://queue.fal.run"
DEFAULT_REST_URL = "https://rest.fal.ai"

QUEUE_URL_ENV = "GAMECRAFT_DESKTOP_QUEUE_URL"
REST_URL_ENV = "GAMECRAFT_DESKTOP_REST_URL"
PROXY_URL_ENV = "GAMECRAFT_DESKTOP_PROXY_URL"
#: The settings the environment may set (the webhook is per app install, not per shell).
ENV_VARS: dict[str, str] = {"queue_url": QUEUE_URL_ENV, "rest_url": REST_URL_ENV, "proxy_url": PROXY_URL_ENV}

Source = Literal["default", "settings", "environment", "command line"]
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class ConnectionSettings:
    """What a person set; "" means "not set" (the default applies)."""

    queue_url: str = ""
    rest_url: str = ""
    proxy_url: str = ""
    webhook_url: str = ""

    def to_dict(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: object) -> ConnectionSettings:
        """Lenient: unknown keys and values that are not text are ignored (a hand-edited file)."""
        if not isinstance(data, Mapping):
            return cls()
        values = {f.name: data.get(f.name) for f in fields(cls)}
        return cls(**{k: v.strip() for k, v in values.items() if isinstance(v, str)})

    def problems(self) -> dict[str, str]:
        """Field name -> what is wrong with its URL (only the fields that are set)."""
        out: dict[str, str] = {}
        for f in fields(self):
            problem = url_problem(getattr(self, f.name))
            if problem:
                out[f.name] = problem
        return out


def url_problem(text: str) -> str | None:
    """Why `text` cannot be a server URL, or None when it can (an empty text is "not set": fine)."""
    text = text.strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
        host = parts.hostname
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return "not a valid URL"
    if parts.scheme.lower() not in ("http", "https"):
        return "must start with https:// (or http://)"
    if not host:
        return "has no host name"
    if parts.query or parts.fragment:
        return "must not have a ?query or #fragment"
    return None


def host_of(url: str) -> str:
    """`host[:port]` of a URL, for people (the mode badge, messages)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or url
        port = parts.port
    except ValueError:
        return url
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}" if port else host


def is_loopback_url(url: str) -> bool:
    try:
        return (urlsplit(url).hostname or "").lower() in _LOOPBACK_HOSTS
    except ValueError:
        return False


@dataclass(frozen=True)
class Resolved:
    """One resolved setting: its value ("" when none applies) and where it came from."""

    value: str
    source: Source
    env_var: str | None = None  # the variable, when the source is the environment

    @property
    def describe_source(self) -> str:
        if self.source == "environment":
            return ConnectionText.tr("environment variable {name}").format(name=self.env_var)
        return {"default": ConnectionText.tr("default"), "settings": ConnectionText.tr("Preferences"),
                "command line": ConnectionText.tr("command line")}[self.source]


@dataclass(frozen=True)
class Connection:
    """The effective connection and where each part came from."""

    queue_url: Resolved
    rest_url: Resolved
    proxy_url: Resolved
    webhook_url: Resolved

    @property
    def is_fal(self) -> bool:
        """fal's own servers, straight (no proxy)."""
        return self.queue_url.value == DEFAULT_QUEUE_URL and not self.proxy_url.value

    @property
    def uses_proxy(self) -> bool:
        return bool(self.proxy_url.value)

    @property
    def server_label(self) -> str:
        """What the mode badge calls the server: "fal", or the host jobs actually go to."""
        if self.uses_proxy:
            return host_of(self.proxy_url.value)
        return "fal" if self.queue_url.value == DEFAULT_QUEUE_URL else host_of(self.queue_url.value)

    @property
    def from_environment(self) -> list[Resolved]:
        return [r for r in (self.queue_url, self.rest_url, self.proxy_url) if r.source == "environment"]

    def describe(self) -> str:
        """One sentence for a tooltip: where jobs go and why."""
        if self.uses_proxy:
            text = ConnectionText.tr("Jobs go through the proxy {proxy} (it adds the key) to {queue}").format(
                proxy=self.proxy_url.value, queue=self.queue_url.value)
        else:
            text = ConnectionText.tr("Jobs go to {queue}").format(queue=self.queue_url.value)
        sources = sorted({r.describe_source for r in (self.queue_url, self.rest_url, self.proxy_url)
                          if r.source != "default"})
        if sources:
            text = ConnectionText.tr("{where} (set by {sources})").format(where=text, sources=", ".join(sources))
        return text


def _clean(url: str) -> str:
    return url.strip().rstrip("/")


def resolve_connection(saved: ConnectionSettings | None = None, env: Mapping[str, str] | None = None,
                       overrides: ConnectionSettings | None = None) -> Connection:
    """Each setting from the first place that has it: `overrides` (command-line flags), the environment,
    `saved` (Preferences), then fal's defaults. Without a REST URL of its own, a loopback queue (a sandbox or
    local stand-in, which serves both) is its own REST host; any other queue uses fal's REST host."""
    saved = saved or ConnectionSettings()
    overrides = overrides or ConnectionSettings()
    env = env or {}

    def pick(name: str) -> Resolved | None:
        given = _clean(getattr(overrides, name))
        if given:
            return Resolved(given, "command line")
        var = ENV_VARS.get(name)
        if var and _clean(env.get(var) or ""):
            return Resolved(_clean(env[var]), "environment", var)
        value = _clean(getattr(saved, name))
        return Resolved(value, "settings") if value else None

    queue = pick("queue_url") or Resolved(DEFAULT_QUEUE_URL, "default")
    rest = pick("rest_url")
    if rest is None:
        rest = Resolved(queue.value if is_loopback_url(queue.value) else DEFAULT_REST_URL, "default")
    return Connection(queue, rest, pick("proxy_url") or Resolved("", "default"),
                      pick("webhook_url") or Resolved("", "default"))

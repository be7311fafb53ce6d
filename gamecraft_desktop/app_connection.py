"""Composition root, connection part: the window's "fal" server from Preferences ▸ Connection under the
environment (core.connection's rule, the CLI's too), the backend it gives, and what the mode badge says."""

from __future__ import annotations

from collections.abc import Mapping

from gamecraft_desktop.core.connection import (
    Connection,
    ConnectionSettings,
    ConnectionText,
    resolve_connection,
)
from gamecraft_desktop.core.texts import QT_TRANSLATE_NOOP
from gamecraft_desktop.engine.connection import Backend
from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.store.settings import SettingsFile

FAL_TIP = QT_TRANSLATE_NOOP("ConnectionText", "Generate runs the real model on fal.ai and is billed to your account")


class WindowConnection:
    """Where the window's "fal" jobs go. An explicit `fal_config` (tests, tools) stands in for the settings."""

    def __init__(self, settings: SettingsFile, env: Mapping[str, str], fal_config: FalConfig | None = None) -> None:
        self.settings = settings
        self.env = dict(env)
        if fal_config is not None:
            given = ConnectionSettings(queue_url=fal_config.queue_url, rest_url=fal_config.rest_url,
                                       proxy_url=fal_config.proxy_url or "")
            self.connection = resolve_connection(overrides=given)
            self.fal_config = fal_config
        else:
            self.connection = resolve_connection(self.saved(), self.env)
            self.fal_config = FalConfig.from_connection(self.connection)

    def saved(self) -> ConnectionSettings:
        try:
            return self.settings.connection()
        except OSError:
            return ConnectionSettings()

    def backend(self, credentials: Credentials) -> Backend | None:
        """The "fal" backend: keyless through a proxy, else with the key; None without either."""
        creds = Credentials.proxy() if self.connection.uses_proxy else credentials
        if creds.source != "proxy" and not creds.has_key:
            return None
        return Backend("fal", self.fal_config, creds, webhook_url=self.connection.webhook_url.value or None)

    def badge(self) -> tuple[str, str, str]:
        """(text, tooltip, colour kind) of the mode badge while jobs go to this server: "fal", or the host."""
        label = self.connection.server_label
        if label == "fal":
            return label, ConnectionText.tr(FAL_TIP), "fal"
        return label, ConnectionText.tr("{where}. Preferences ▸ Connection changes it.").format(
            where=self.connection.describe()), "server"

    def moves_server(self, settings: ConnectionSettings) -> bool:
        """Whether `settings` would send status and result calls to another queue or REST host."""
        new, old = resolve_connection(settings, self.env), self.connection
        return (new.queue_url.value, new.rest_url.value) != (old.queue_url.value, old.rest_url.value)

    def apply(self, settings: ConnectionSettings) -> Connection:
        """Save `settings` and use them (raises OSError when they cannot be saved: nothing changed)."""
        self.settings.save_connection(settings)
        self.connection = resolve_connection(settings, self.env)
        self.fal_config = FalConfig.from_connection(self.connection, endpoint=self.fal_config.endpoint,
                                                    timeout_s=self.fal_config.timeout_s)
        return self.connection

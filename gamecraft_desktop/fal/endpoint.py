"""Endpoint id parsing, the same rules as fal's official clients.

1. No `/`: must be the legacy `123-alias` form (rewritten to `123/alias`).
2. Split on `/`: a leading namespace (`workflows`, `comfy`) is kept apart; then owner, alias, and the
   rest is the path.

Submit uses the full id; status, result and cancel use only `{namespace/}{owner}/{alias}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gamecraft_desktop.core.texts import Texts

#: What is wrong with an endpoint id, in words (core/texts.py: the name is the translation context).
EndpointText = Texts("EndpointText")

NAMESPACES = frozenset({"workflows", "comfy"})
_LEGACY = re.compile(r"^([0-9]+)-([a-zA-Z0-9-]+)$")
_UNSAFE = re.compile(r"[\s?#%\\]")


class EndpointIdError(ValueError):
    """The text is not an endpoint id; the message says what form is expected."""


@dataclass(frozen=True, slots=True)
class EndpointId:
    owner: str
    alias: str
    path: str = ""
    namespace: str | None = None

    @property
    def base_path(self) -> str:
        """`{namespace/}{owner}/{alias}`: the part status, result and cancel URLs use."""
        prefix = f"{self.namespace}/" if self.namespace else ""
        return f"{prefix}{self.owner}/{self.alias}"

    @property
    def submit_path(self) -> str:
        """The full id including any sub-path: what submit posts to."""
        return f"{self.base_path}/{self.path}" if self.path else self.base_path

    def __str__(self) -> str:
        return self.submit_path


def parse_endpoint_id(text: str) -> EndpointId:
    """Parse an endpoint id such as `anthonywu/gamecraft`; raises only EndpointIdError."""
    if not isinstance(text, str):
        raise EndpointIdError(EndpointText.tr("the endpoint id must be text such as 'owner/alias'"))
    value = text.strip()
    if not value:
        raise EndpointIdError(EndpointText.tr("the endpoint id is empty; expected 'owner/alias', e.g. "
                                              "'anthonywu/gamecraft'"))
    if "/" not in value:
        match = _LEGACY.match(value)
        if not match:
            raise EndpointIdError(EndpointText.tr(
                "{id} is not an endpoint id; expected 'owner/alias', e.g. 'anthonywu/gamecraft'").format(
                id=repr(value)))
        return EndpointId(owner=match.group(1), alias=match.group(2))
    parts = value.split("/")
    namespace: str | None = None
    if parts[0] in NAMESPACES:
        namespace, parts = parts[0], parts[1:]
    if len(parts) < 2:
        expected = f"{namespace}/owner/alias" if namespace else "owner/alias"
        raise EndpointIdError(EndpointText.tr("{id} is missing the alias; expected '{expected}'").format(
            id=repr(value), expected=expected))
    owner, alias, rest = parts[0], parts[1], parts[2:]
    if not owner or not alias:
        raise EndpointIdError(EndpointText.tr("{id} has an empty owner or alias; expected 'owner/alias'").format(
            id=repr(value)))
    # Not in the official clients, but the id becomes part of a URL: refuse what would change its meaning.
    if _UNSAFE.search(value) or any(p in (".", "..") for p in (owner, alias, *rest)):
        raise EndpointIdError(EndpointText.tr("{id} is not a valid endpoint id (spaces, '?', '#', '%', '\\' or "
                                              "'..')").format(id=repr(value)))
    return EndpointId(owner=owner, alias=alias, path="/".join(rest).strip("/"), namespace=namespace)

"""Every HTTP client the app makes verifies certificates with one context, built once.

A context per client loaded the CA bundle again each time (~20 ms of CPU, up to nine times as a batch
starts: issue #16). Sharing it must not weaken anything: every client still requires a valid certificate
for the right host.
"""

from __future__ import annotations

import ssl

import httpx

from gamecraft_desktop.fal.config import FalConfig
from gamecraft_desktop.fal.credentials import Credentials
from gamecraft_desktop.fal.downloads import new_client
from gamecraft_desktop.fal.http_client import FalHttp
from gamecraft_desktop.fal.uploads import Uploader


def _context(client: httpx.Client) -> ssl.SSLContext:
    return client._transport._pool._ssl_context  # type: ignore[attr-defined,no-any-return]


def test_queue_upload_and_download_clients_share_one_verifying_context() -> None:
    creds = Credentials("id:secret", "keyring")
    queue = [FalHttp(FalConfig(), creds) for _ in range(2)]
    uploaders = [Uploader(FalConfig(), creds) for _ in range(2)]
    downloads = [new_client("https://v3.fal.media/files/a.mp4"), new_client("https://cdn.example.org/b.mp4")]
    clients = [q._client for q in queue] + [u._client for u in uploaders] + downloads
    try:
        contexts = {id(_context(c)) for c in clients}
        assert len(contexts) == 1
        context = _context(clients[0])
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        assert context.cert_store_stats()["x509_ca"] > 0  # the CA bundle is loaded
    finally:
        for c in clients:
            c.close()
        for u in uploaders:
            u.close()

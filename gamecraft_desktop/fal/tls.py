"""One TLS context for every HTTP client the app makes.

Building a context loads the CA bundle: ~20 ms of CPU. Each busy worker has its own queue client and
uploader, and each download host its client, so a batch paid it up to nine times while its first jobs
started, with both cores already busy (issue #16). A context is safe to share between connections and
threads. It reads SSL_CERT_FILE / SSL_CERT_DIR as httpx would for each client.
"""

from __future__ import annotations

import functools
import ssl

import httpx


@functools.cache
def shared_tls_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()

"""One HTTPS POST to a peer's inbox, with the standard library (``urllib``).

Certificates are verified with the system's trust store (``SSL_CERT_FILE`` points elsewhere);
redirects are not followed (a peer's inbox answers itself, and a redirect is a misconfiguration
to show, not to follow); the answer is read up to a limit.
"""

from __future__ import annotations

import urllib.error
import urllib.request

MAX_ANSWER_BYTES = 256 * 1024
USER_AGENT = "tipnet-federation/1"


class TransportError(OSError):
    """The peer could not be reached, or did not answer in time."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post(url: str, body: bytes, *, timeout: float) -> tuple[int, bytes]:
    """POST ``body`` (JSON) to ``url``: (HTTP status, answer body). Non-2xx statuses are
    answers too; TransportError when there is no answer at all."""
    if not url.startswith(("https://", "http://")):
        raise TransportError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(  # noqa: S310 (scheme checked above)
        url, data=body, method="POST",
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, response.read(MAX_ANSWER_BYTES)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read(MAX_ANSWER_BYTES)
    except urllib.error.URLError as error:
        raise TransportError(f"cannot reach {url}: {error.reason}") from None
    except (TimeoutError, OSError) as error:
        raise TransportError(f"cannot reach {url}: {error}") from None

"""Proves the function's internet egress: from a private subnet, this request only succeeds
through the NAT. The address it reports is the NAT's public IP."""
import os
import socket
import time
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

CHECK_URL = os.environ.get("EGRESS_CHECK_URL") or "https://checkip.amazonaws.com"
TIMEOUT_SECONDS = 5


def handler(event=None, context=None):
    started = time.monotonic()
    try:
        with urlopen(CHECK_URL, timeout=TIMEOUT_SECONDS) as response:
            status, body = response.status, response.read().decode("utf-8").strip()
    except HTTPError as error:
        status, body = error.code, error.read().decode("utf-8").strip()
    except (URLError, OSError) as error:
        # A timeout here means no route out: check the private route table's 0.0.0.0/0 target.
        return {"ok": False, "error": error_code(error), "millis": millis_since(started)}
    return {"ok": 200 <= status < 300, "status": status, "publicIp": body, "millis": millis_since(started)}


def error_code(error):
    """A short code for why no answer came: TIMEOUT, ENOTFOUND, ECONNREFUSED, or the error's name."""
    reason = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "TIMEOUT"
    if isinstance(reason, socket.gaierror):
        return "ENOTFOUND"
    if isinstance(reason, ConnectionRefusedError):
        return "ECONNREFUSED"
    return type(reason).__name__ if isinstance(reason, BaseException) else str(reason)


def millis_since(started):
    return round((time.monotonic() - started) * 1000)

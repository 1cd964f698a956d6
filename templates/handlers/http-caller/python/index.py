"""Calls the target function over HTTP(S) from inside the VPC: through a private API, an internal
ALB or a PrivateLink endpoint, whichever the pattern wired. The pattern sets TARGET_URL."""
import json
import os
import re
import socket
import ssl
import time
from datetime import datetime, timezone
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

TIMEOUT_SECONDS = float(os.environ.get("TARGET_TIMEOUT_MS") or 10000) / 1000


def handler(event, context=None):
    url = os.environ.get("TARGET_URL")
    if not url:
        raise RuntimeError(
            "TARGET_URL is not set: the pattern sets it to the URL of the target (private API, ALB or endpoint); check the function configuration"
        )
    started = time.monotonic()
    payload = {
        "from": os.environ.get("AWS_LAMBDA_FUNCTION_NAME") or "caller",
        "sentAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "event": event,
    }
    request = Request(url, data=json.dumps(payload).encode("utf-8"), headers={"content-type": "application/json"}, method="POST")
    try:
        with urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status, text = response.status, response.read().decode("utf-8")
    except HTTPError as error:
        status, text = error.code, error.read().decode("utf-8")
    except (URLError, OSError) as error:
        code = error_code(error)
        # A timeout means no network path: security group rules, the endpoint or the listener.
        return {"ok": False, "url": url, "error": code, "hint": hint_for(code), "millis": millis_since(started)}
    return {"ok": 200 <= status < 300, "url": url, "status": status, "body": parse(text), "millis": millis_since(started)}


def parse(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def error_code(error):
    """A short code for why no answer came: TIMEOUT, ENOTFOUND, ECONNREFUSED, SSL: …, or the error's name."""
    reason = error.reason if isinstance(error, URLError) else error
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "TIMEOUT"
    if isinstance(reason, socket.gaierror):
        return "ENOTFOUND"
    if isinstance(reason, ConnectionRefusedError):
        return "ECONNREFUSED"
    if isinstance(reason, ssl.SSLError):
        return f"SSL: {reason.reason or reason}"
    return type(reason).__name__ if isinstance(reason, BaseException) else str(reason)


def hint_for(code):
    if re.search(r"TIMEOUT|TimeoutError", code, re.I):
        return "no answer in time: check that the target security group admits this function on the port, and this function may send to it"
    if re.search(r"ENOTFOUND|EAI_AGAIN", code):
        return "the host name does not resolve in this VPC: check private DNS of the endpoint, or the DNS record"
    if re.search(r"CERT|SSL|TLS", code, re.I):
        return "TLS failed: the URL host must be a name the certificate covers"
    return "the request failed before an answer arrived"


def millis_since(started):
    return round((time.monotonic() - started) * 1000)

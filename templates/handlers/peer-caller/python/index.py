"""Calls an API in the peered VPC. It first checks that the URL's host resolves inside the peer CIDR
(otherwise the request would never use the peering connection), then sends the request and
reports the answer, or why none came."""
import ipaddress
import os
import re
import socket
import ssl
import time
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

TIMEOUT_SECONDS = float(os.environ.get("PEER_TIMEOUT_MS") or 5000) / 1000


def handler(event, context=None):
    event = event or {}
    target = event.get("url") or os.environ.get("PEER_API_URL")
    if not target:
        raise RuntimeError('PEER_API_URL is not set: set pattern.peerApiUrl (or --peer-url), or invoke with {"url": "https://10.1.2.3/health"}')
    host = urlsplit(target).hostname or ""
    peer_cidr = os.environ.get("PEER_CIDR")
    started = time.monotonic()

    address = host
    if not is_ip(host):
        try:
            address = socket.getaddrinfo(host, None, socket.AF_INET)[0][4][0]
        except OSError as error:
            return {
                "ok": False,
                "url": target,
                "error": error_code(error),
                "hint": f"{host} does not resolve from this VPC: use the API's private IP or a name in a zone this VPC can resolve",
                "millis": millis_since(started),
            }
    if peer_cidr and not in_cidr(address, peer_cidr):
        return {
            "ok": False,
            "url": target,
            "address": address,
            "error": "OUTSIDE_PEER_CIDR",
            "hint": f"{host} resolves to {address}, outside the peer CIDR {peer_cidr}: the request would not go through the peering connection",
            "millis": millis_since(started),
        }

    try:
        with urlopen(Request(target, method=event.get("method") or "GET"), timeout=TIMEOUT_SECONDS) as response:
            status, text = response.status, response.read().decode("utf-8", "replace")
    except HTTPError as error:
        status, text = error.code, error.read().decode("utf-8", "replace")
    except (URLError, OSError) as error:
        code = error_code(error)
        return {"ok": False, "url": target, "address": address, "error": code, "hint": hint_for(code), "millis": millis_since(started)}
    return {"ok": 200 <= status < 300, "url": target, "address": address, "status": status, "body": text[:2000], "millis": millis_since(started)}


def is_ip(host):
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False


def in_cidr(address, cidr):
    """IPv4 only: peered VPC CIDRs here are IPv4."""
    try:
        ip, network = ipaddress.ip_address(address), ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return False
    return ip.version == 4 and network.version == 4 and ip in network


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
        return "no answer in time: check the peering is active, the peer route table has the route back to this VPC, and the API security group admits the Lambda subnets on this port"
    if re.search(r"ECONNREFUSED", code):
        return "the peer host answered but nothing listens on that port"
    if re.search(r"CERT|SSL|TLS", code, re.I):
        return "TLS failed: the URL host must be a name the certificate covers"
    return "the request failed before an answer arrived"


def millis_since(started):
    return round((time.monotonic() - started) * 1000)

"""Invokes the target function (its `live` alias) through the Lambda API. In a VPC with no internet
path, that call only works through the lambda interface endpoint: private DNS sends
lambda.<region>.amazonaws.com to the endpoint's addresses in the Lambda subnets."""
import json
import os
import re
import time
from datetime import datetime, timezone

import boto3
from botocore.config import Config

# Fail fast instead of waiting out the function timeout when there is no path to the API.
client = boto3.client("lambda", config=Config(connect_timeout=3, read_timeout=10, retries={"total_max_attempts": 2, "mode": "standard"}))


def handler(event, context=None):
    function_name = os.environ.get("TARGET_FUNCTION_NAME")
    if not function_name:
        raise RuntimeError("TARGET_FUNCTION_NAME is not set: the pattern sets it to the target function name; check the function configuration")
    qualifier = os.environ.get("TARGET_QUALIFIER") or "live"
    target = f"{function_name}:{qualifier}"
    started = time.monotonic()
    payload = {
        "from": os.environ.get("AWS_LAMBDA_FUNCTION_NAME") or "caller",
        "sentAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "event": event,
    }
    try:
        result = client.invoke(FunctionName=function_name, Qualifier=qualifier, Payload=json.dumps(payload).encode("utf-8"))
    except Exception as error:  # botocore's errors (timeouts, ClientError) share no base worth naming here
        code = error_code(error)
        return {"ok": False, "target": target, "error": code, "hint": hint_for(code), "millis": millis_since(started)}
    text = result["Payload"].read().decode("utf-8") if result.get("Payload") is not None else ""
    if result.get("FunctionError"):
        return {
            "ok": False,
            "target": target,
            "status": result.get("StatusCode"),
            "error": f"the target failed ({result['FunctionError']})",
            "body": parse(text),
            "millis": millis_since(started),
        }
    return {
        "ok": True,
        "target": target,
        "status": result.get("StatusCode"),
        "executedVersion": result.get("ExecutedVersion"),
        "body": parse(text),
        "millis": millis_since(started),
    }


def error_code(error):
    """The AWS error code of a refused call (AccessDeniedException...), else the error's class name."""
    response = getattr(error, "response", None)
    if isinstance(response, dict) and response.get("Error", {}).get("Code"):
        return response["Error"]["Code"]
    return type(error).__name__


def parse(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def hint_for(code):
    if re.search(r"Timeout|ETIMEDOUT|ECONNREFUSED|ECONNRESET|EndpointConnection|ConnectionClosed", code, re.I):
        return "no answer from the Lambda API: check the lambda interface endpoint (private DNS on) and that the endpoint security group admits this function on 443"
    if re.search(r"ENOTFOUND|EAI_AGAIN", code):
        return "lambda.<region>.amazonaws.com does not resolve: the VPC needs DNS support and hostnames enabled"
    if re.search(r"AccessDenied|NotAuthorized", code, re.I):
        return "this function's role may invoke only the target's live alias: check TARGET_FUNCTION_NAME and TARGET_QUALIFIER"
    if re.search(r"ResourceNotFound", code, re.I):
        return "no such function or alias: check TARGET_FUNCTION_NAME and TARGET_QUALIFIER"
    return "the call failed before the target answered"


def millis_since(started):
    return round((time.monotonic() - started) * 1000)

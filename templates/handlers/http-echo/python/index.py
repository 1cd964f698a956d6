"""The target: answers whatever invoked it (API Gateway REST or HTTP API proxy, or an ALB) with what
it received, so the caller sees that the request really arrived."""
import base64
import json
import os
from datetime import datetime, timezone


def handler(event, context=None):
    request = describe(event or {})
    response = {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "body": json.dumps(
            {
                "ok": True,
                "function": os.environ.get("AWS_LAMBDA_FUNCTION_NAME"),
                "version": os.environ.get("AWS_LAMBDA_FUNCTION_VERSION"),
                **request,
                "receivedAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            }
        ),
        "isBase64Encoded": False,
    }
    # ALBs want a status description; API Gateway rejects keys it does not know.
    if request["via"] == "alb":
        response["statusDescription"] = "200 OK"
    return response


def describe(event):
    context = event.get("requestContext") or {}
    if context.get("elb"):
        via = "alb"
    elif context.get("http"):
        via = "http-api"
    elif context.get("apiId"):
        via = "rest-api"
    else:
        via = "direct"
    method = event.get("httpMethod") or (context.get("http") or {}).get("method")
    path = event.get("path") or event.get("rawPath")
    body = event.get("body")
    if body is not None and event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("utf-8")
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            pass  # plain text stays as it is
    source_vpce = (context.get("identity") or {}).get("vpceId")
    return {"via": via, "method": method, "path": path, "sourceVpce": source_vpce, "received": body}

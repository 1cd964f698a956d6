"""The target of a direct Lambda invoke: answers with what it received and which version ran, so the
caller can see that its call went through the `live` alias."""
import os
from datetime import datetime, timezone


def handler(event, context=None):
    return {
        "ok": True,
        "answeredBy": os.environ.get("AWS_LAMBDA_FUNCTION_NAME") or "target",
        "version": os.environ.get("AWS_LAMBDA_FUNCTION_VERSION") or "$LATEST",
        "receivedAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "received": event,
    }

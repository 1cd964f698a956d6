"""Your handler. The pattern connects no trigger or target to this function: it runs in the Lambda
subnets with its own security group, reaching only what the pattern opens to every function.
Replace this code with yours."""
import os
from datetime import datetime, timezone


def handler(event, context=None):
    return {
        "ok": True,
        "function": os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "function"),
        "receivedAt": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "received": event,
    }

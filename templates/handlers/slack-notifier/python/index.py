"""Posts every SNS message to a Slack incoming webhook. The webhook URL is a secret: it is read at
run time from the SSM SecureString parameter named in SLACK_WEBHOOK_PARAMETER (never from the
environment or Terraform), kept in memory for a few minutes, and never logged."""
import json
import os
import time
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import boto3

ssm = boto3.client("ssm")
CACHE_SECONDS = 5 * 60
TIMEOUT_SECONDS = 5
MAX_TEXT = 3000
_cached = None  # {"url": ..., "until": ...}


def handler(event, context=None):
    parameter = os.environ.get("SLACK_WEBHOOK_PARAMETER")
    if not parameter:
        raise RuntimeError("SLACK_WEBHOOK_PARAMETER is not set: the pattern sets it to the SSM parameter name")
    records = [r for r in ((event or {}).get("Records") or []) if r.get("EventSource") == "aws:sns" and r.get("Sns")]
    if not records:
        return {"delivered": 0}

    url = webhook_url(parameter)
    for record in records:
        body = json.dumps({"text": format_message(record["Sns"])}).encode("utf-8")
        request = Request(url, data=body, headers={"content-type": "application/json"}, method="POST")
        try:
            with urlopen(request, timeout=TIMEOUT_SECONDS):
                pass
        except HTTPError as error:
            # A revoked or rotated webhook: read the parameter again next time.
            if error.code in (403, 404, 410):
                _reset_cache()
            reason = error.read().decode("utf-8", "replace")[:200]
            # Raising makes SNS retry the delivery.
            raise RuntimeError(f"Slack refused message {record['Sns'].get('MessageId')}: HTTP {error.code} {reason}") from None
    return {"delivered": len(records)}


def webhook_url(parameter):
    global _cached
    if _cached and _cached["until"] > time.monotonic():
        return _cached["url"]
    try:
        result = ssm.get_parameter(Name=parameter, WithDecryption=True)
    except Exception as error:  # botocore.exceptions.ClientError; its code says which
        if getattr(error, "response", {}).get("Error", {}).get("Code") == "ParameterNotFound":
            raise RuntimeError(
                f'SSM parameter {parameter} does not exist: create it with "aws ssm put-parameter --type SecureString --name {parameter} --value <webhook URL>"'
            ) from None
        raise
    url = (result.get("Parameter") or {}).get("Value")
    if not url or not url.startswith("https://"):
        raise RuntimeError(f"SSM parameter {parameter} does not hold an https:// webhook URL; store the Slack incoming-webhook URL in it")
    _cached = {"url": url, "until": time.monotonic() + CACHE_SECONDS}
    return url


def format_message(sns):
    """A CloudWatch alarm becomes one readable line; anything else is its subject and message."""
    text = None
    try:
        alarm = json.loads(sns.get("Message") or "")
    except ValueError:
        alarm = None  # not JSON: plain text
    if isinstance(alarm, dict) and alarm.get("AlarmName") and alarm.get("NewStateValue"):
        state = alarm["NewStateValue"]
        icon = {"ALARM": ":rotating_light:", "OK": ":white_check_mark:"}.get(state, ":grey_question:")
        text = f"{icon} *{alarm['AlarmName']}* is {state}: {alarm.get('NewStateReason') or ''}".strip()
    if not text:
        message = str(sns.get("Message"))
        text = f"*{sns['Subject']}*\n{message}" if sns.get("Subject") else message
    return f"{text[: MAX_TEXT - 1]}…" if len(text) > MAX_TEXT else text


def _reset_cache():
    """Forgets the cached URL (after a refused post, and for the unit tests)."""
    global _cached
    _cached = None

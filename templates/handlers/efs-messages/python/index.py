"""Behind the HTTP API: POST stores the request body as a message in a file on EFS, GET lists the
stored messages. The file lives under the mount path the pattern sets (EFS_MOUNT_PATH), so every
instance of the function, in every AZ, sees the same messages. Same file format as the Node.js
sample (one compact JSON object per line), so either can read what the other wrote."""
import base64
import errno
import json
import os
from datetime import datetime, timezone

FILE_NAME = "messages.jsonl"
MAX_MESSAGE_BYTES = 10 * 1024
DEFAULT_LIMIT = 20


def handler(event, context=None):
    event = event or {}
    mount_path = os.environ.get("EFS_MOUNT_PATH")
    if not mount_path:
        return reply(500, {"error": "EFS_MOUNT_PATH is not set: the pattern sets it to the mount path (for example /mnt/msg)"})
    file = os.path.join(mount_path, FILE_NAME)
    method = ((event.get("requestContext") or {}).get("http") or {}).get("method") or "GET"
    if not os.path.exists(mount_path):
        return reply(500, {"error": f"nothing is mounted at {mount_path}: check the function's file system configuration"})
    try:
        if method == "POST":
            return store(file, event)
        if method == "GET":
            return list_messages(file, event)
        return reply(405, {"error": f"use GET to list messages or POST to store one, not {method}"})
    except OSError as error:
        if error.errno in (errno.EACCES, errno.EROFS):
            code = errno.errorcode[error.errno]
            return reply(500, {"error": f"no permission to write {file} ({code}): check the access point's POSIX user and directory permissions"})
        raise


def store(file, event):
    if os.environ.get("EFS_READ_ONLY") == "true":
        return reply(403, {"error": "the file system is mounted read-only: only GET is allowed"})
    text = event.get("body") or ""
    if event.get("isBase64Encoded"):
        text = base64.b64decode(text).decode("utf-8")
    if not text.strip():
        return reply(400, {"error": "send the message as the request body"})
    if len(text.encode("utf-8")) > MAX_MESSAGE_BYTES:
        return reply(413, {"error": f"messages are limited to {MAX_MESSAGE_BYTES} bytes"})
    message = {"at": now_iso(), "message": text}
    with open(file, "a", encoding="utf-8") as out:
        out.write(compact(message) + "\n")
    # Read back what is on the file system, so the answer proves the write landed.
    messages = read_all(file)
    return reply(201, {"stored": messages[-1], "count": len(messages), "file": file})


def list_messages(file, event):
    limit = DEFAULT_LIMIT
    requested = (event.get("queryStringParameters") or {}).get("limit")
    if requested is not None and str(requested).isdigit() and int(requested) > 0:
        limit = int(requested)
    messages = read_all(file)
    return reply(200, {"count": len(messages), "messages": messages[-limit:], "file": file})


def read_all(file):
    try:
        with open(file, encoding="utf-8") as source:
            text = source.read()
    except FileNotFoundError:
        return []
    return [json.loads(line) for line in text.split("\n") if line]


def reply(status_code, body):
    return {"statusCode": status_code, "headers": {"content-type": "application/json"}, "body": compact(body)}


def compact(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")

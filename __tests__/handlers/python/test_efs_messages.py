"""The EFS handler against a real directory standing in for the mount path."""
import json
import os
import shutil
import tempfile
import unittest
from unittest import mock

from samples import load

efs = load("efs-messages")


def request(method, body=None, query=None):
    return {"requestContext": {"http": {"method": method}}, "body": body, "isBase64Encoded": False, "queryStringParameters": query}


def parse(response):
    return response["statusCode"], json.loads(response["body"])


class EfsMessagesTest(unittest.TestCase):
    def setUp(self):
        self.mount = tempfile.mkdtemp(prefix="vlg-efs-")
        self.file = os.path.join(self.mount, "messages.jsonl")
        patcher = mock.patch.dict(os.environ, {"EFS_MOUNT_PATH": self.mount})
        patcher.start()
        os.environ.pop("EFS_READ_ONLY", None)
        self.addCleanup(patcher.stop)
        self.addCleanup(shutil.rmtree, self.mount, True)

    def test_post_writes_the_message_under_the_mount_path_and_reads_it_back(self):
        status, body = parse(efs.handler(request("POST", "first")))
        self.assertEqual(status, 201)
        self.assertEqual((body["count"], body["stored"]["message"], body["file"]), (1, "first", self.file))
        with open(self.file, encoding="utf-8") as f:
            self.assertIn('"message":"first"', f.read())

    def test_get_lists_what_earlier_requests_stored_newest_last_limited_on_request(self):
        for m in ["a", "b", "c"]:
            efs.handler(request("POST", m))
        _, body = parse(efs.handler(request("GET")))
        self.assertEqual(body["count"], 3)
        self.assertEqual([m["message"] for m in body["messages"]], ["a", "b", "c"])
        _, limited = parse(efs.handler(request("GET", query={"limit": "1"})))
        self.assertEqual([m["message"] for m in limited["messages"]], ["c"])

    def test_get_before_any_message_returns_an_empty_list(self):
        self.assertEqual(parse(efs.handler(request("GET"))), (200, {"count": 0, "messages": [], "file": self.file}))

    def test_refuses_empty_bodies_other_methods_and_writes_when_mounted_read_only(self):
        self.assertEqual(parse(efs.handler(request("POST", "  ")))[0], 400)
        self.assertEqual(parse(efs.handler(request("DELETE")))[0], 405)
        os.environ["EFS_READ_ONLY"] = "true"
        status, body = parse(efs.handler(request("POST", "x")))
        self.assertEqual(status, 403)
        self.assertRegex(body["error"], "read-only")
        self.assertFalse(os.path.exists(self.file))

    def test_says_so_when_nothing_is_mounted_at_the_mount_path(self):
        os.environ["EFS_MOUNT_PATH"] = os.path.join(self.mount, "missing")
        status, body = parse(efs.handler(request("GET")))
        self.assertEqual(status, 500)
        self.assertRegex(body["error"], "nothing is mounted")

    def test_reads_what_the_nodejs_sample_wrote(self):
        with open(self.file, "w", encoding="utf-8") as f:
            f.write('{"at":"2026-01-01T00:00:00.000Z","message":"from node"}\n')
        _, body = parse(efs.handler(request("GET")))
        self.assertEqual(body["messages"], [{"at": "2026-01-01T00:00:00.000Z", "message": "from node"}])


if __name__ == "__main__":
    unittest.main()

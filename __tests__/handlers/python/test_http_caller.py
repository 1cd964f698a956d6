"""The caller handler, with urlopen faked at the boundary."""
import json
import os
import socket
import unittest
from unittest import mock
from urllib.error import URLError

from samples import FakeUrlopen, Response, load

caller = load("http-caller")
URL = "https://abc123.execute-api.eu-west-1.amazonaws.com/v1/invoke"


class HttpCallerTest(unittest.TestCase):
    def setUp(self):
        patcher = mock.patch.dict(os.environ, {"TARGET_URL": URL})
        patcher.start()
        self.addCleanup(patcher.stop)

    def call(self, answer, event=None):
        fake = FakeUrlopen(answer)
        with mock.patch.object(caller, "urlopen", fake):
            return caller.handler(event if event is not None else {}), fake

    def test_posts_the_event_as_json_to_target_url_and_returns_the_parsed_answer(self):
        result, fake = self.call(Response(200, '{"ok":true,"via":"rest-api"}'), {"hello": "world"})
        self.assertEqual({k: result[k] for k in ("ok", "status", "url", "body")}, {"ok": True, "status": 200, "url": URL, "body": {"ok": True, "via": "rest-api"}})
        sent = fake.calls[0]["request"]
        self.assertEqual((sent.full_url, sent.get_method(), sent.get_header("Content-type")), (URL, "POST", "application/json"))
        self.assertEqual(json.loads(sent.data)["event"], {"hello": "world"})
        self.assertEqual(fake.calls[0]["timeout"], 10)

    def test_reports_a_non_2xx_answer_with_its_status_and_body(self):
        result, _ = self.call(Response(403, '{"message":"Forbidden"}'))
        self.assertEqual((result["ok"], result["status"], result["body"]), (False, 403, {"message": "Forbidden"}))

    def test_turns_a_timeout_into_a_failed_call_with_a_hint_about_security_groups(self):
        result, _ = self.call(URLError(socket.timeout("timed out")))
        self.assertEqual((result["ok"], result["error"]), (False, "TIMEOUT"))
        self.assertRegex(result["hint"], "security group")

    def test_an_unresolvable_host_points_at_dns(self):
        result, _ = self.call(URLError(socket.gaierror(-2, "Name or service not known")))
        self.assertRegex(result["hint"], "private DNS")

    def test_without_target_url_it_fails_clearly_instead_of_calling_anything(self):
        del os.environ["TARGET_URL"]
        fake = FakeUrlopen(Response(200))
        with mock.patch.object(caller, "urlopen", fake), self.assertRaisesRegex(RuntimeError, "TARGET_URL is not set"):
            caller.handler({})
        self.assertEqual(fake.calls, [])


if __name__ == "__main__":
    unittest.main()

"""The sample handler, with urlopen faked at the boundary."""
import socket
import unittest
from unittest import mock
from urllib.error import URLError

from samples import FakeUrlopen, Response, load

egress = load("egress-check")


class EgressCheckTest(unittest.TestCase):
    def test_reports_the_public_ip_the_request_left_through(self):
        fake = FakeUrlopen(Response(200, "203.0.113.7\n"))
        with mock.patch.object(egress, "urlopen", fake):
            result = egress.handler({})
        self.assertEqual({k: result[k] for k in ("ok", "status", "publicIp")}, {"ok": True, "status": 200, "publicIp": "203.0.113.7"})
        self.assertEqual(fake.calls[0]["request"], "https://checkip.amazonaws.com")
        self.assertEqual(fake.calls[0]["timeout"], 5)

    def test_reports_a_timeout_as_a_failed_egress_instead_of_raising(self):
        with mock.patch.object(egress, "urlopen", FakeUrlopen(URLError(socket.timeout("timed out")))):
            result = egress.handler({})
        self.assertEqual((result["ok"], result["error"]), (False, "TIMEOUT"))


if __name__ == "__main__":
    unittest.main()

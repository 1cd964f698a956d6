"""The peering pattern's sample, with DNS and urlopen faked at the boundary."""
import os
import socket
import unittest
from unittest import mock
from urllib.error import URLError

from samples import FakeUrlopen, Response, load

peer = load("peer-caller")


def resolves_to(address):
    return mock.Mock(return_value=[(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, 0))])


class PeerCallerTest(unittest.TestCase):
    def setUp(self):
        patcher = mock.patch.dict(os.environ, {"PEER_CIDR": "10.1.0.0/16", "PEER_API_URL": "https://api.peer.internal/health"})
        patcher.start()
        self.addCleanup(patcher.stop)

    def run_with(self, lookup, answer, event=None):
        fake = FakeUrlopen(answer)
        with mock.patch.object(peer.socket, "getaddrinfo", lookup), mock.patch.object(peer, "urlopen", fake):
            return peer.handler(event or {}), fake

    def test_host_inside_the_peer_cidr_is_called_and_the_answer_reported(self):
        lookup = resolves_to("10.1.2.3")
        result, fake = self.run_with(lookup, Response(200, "healthy"))
        self.assertEqual({k: result[k] for k in ("ok", "status", "address", "body")}, {"ok": True, "status": 200, "address": "10.1.2.3", "body": "healthy"})
        lookup.assert_called_once_with("api.peer.internal", None, socket.AF_INET)
        sent = fake.calls[0]["request"]
        self.assertEqual((sent.full_url, sent.get_method(), fake.calls[0]["timeout"]), ("https://api.peer.internal/health", "GET", 5))

    def test_host_outside_the_peer_cidr_is_not_called_and_says_why(self):
        result, fake = self.run_with(resolves_to("52.95.110.1"), Response(200))
        self.assertEqual((result["ok"], result["error"]), (False, "OUTSIDE_PEER_CIDR"))
        self.assertIn("resolves to 52.95.110.1, outside the peer CIDR 10.1.0.0/16", result["hint"])
        self.assertEqual(fake.calls, [])

    def test_an_ip_url_from_the_event_needs_no_dns_and_a_timeout_points_at_the_route_back(self):
        lookup = mock.Mock()
        result, _ = self.run_with(lookup, URLError(socket.timeout("timed out")), {"url": "http://10.1.9.9:8080/ping"})
        lookup.assert_not_called()
        self.assertEqual((result["ok"], result["address"], result["error"]), (False, "10.1.9.9", "TIMEOUT"))
        self.assertIn("route back to this VPC", result["hint"])

    def test_the_edges_of_the_peer_cidr_are_inside_the_next_address_is_not(self):
        self.assertTrue(self.run_with(mock.Mock(), Response(204), {"url": "http://10.1.255.255/"})[0]["ok"])
        self.assertEqual(self.run_with(mock.Mock(), Response(204), {"url": "http://10.2.0.0/"})[0]["error"], "OUTSIDE_PEER_CIDR")

    def test_refuses_to_run_without_a_url_saying_how_to_set_one(self):
        del os.environ["PEER_API_URL"]
        with self.assertRaisesRegex(RuntimeError, r"PEER_API_URL is not set: set pattern\.peerApiUrl"):
            peer.handler({})


if __name__ == "__main__":
    unittest.main()

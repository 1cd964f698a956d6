"""The neutral sample a function gets when the pattern wires nothing to it."""
import os
import unittest
from unittest import mock

from samples import load

starter = load("starter")


class StarterTest(unittest.TestCase):
    def test_answers_with_its_name_and_what_it_received(self):
        with mock.patch.dict(os.environ, {"AWS_LAMBDA_FUNCTION_NAME": "demo-worker"}):
            result = starter.handler({"job": 1})
        self.assertEqual({k: result[k] for k in ("ok", "function", "received")}, {"ok": True, "function": "demo-worker", "received": {"job": 1}})


if __name__ == "__main__":
    unittest.main()

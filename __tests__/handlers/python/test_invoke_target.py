import os
import unittest
from unittest import mock

from samples import load

target = load("invoke-target")


class InvokeTargetTest(unittest.TestCase):
    def test_answers_with_what_it_received_and_which_function_and_version_ran(self):
        with mock.patch.dict(os.environ, {"AWS_LAMBDA_FUNCTION_NAME": "demo-target", "AWS_LAMBDA_FUNCTION_VERSION": "7"}):
            result = target.handler({"from": "demo-caller"})
        self.assertEqual({k: result[k] for k in ("ok", "answeredBy", "version", "received")}, {"ok": True, "answeredBy": "demo-target", "version": "7", "received": {"from": "demo-caller"}})
        self.assertRegex(result["receivedAt"], r"^\d{4}-\d\d-\d\dT.*Z$")


if __name__ == "__main__":
    unittest.main()

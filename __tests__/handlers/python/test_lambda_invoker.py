"""The caller of the endpoints pattern, with boto3 faked at the SDK boundary."""
import io
import json
import os
import types
import unittest
from unittest import mock

from samples import ClientError, FakeBoto3, FakeCall, load


class ConnectTimeoutError(Exception):
    """Named like botocore's."""


client = FakeCall()
boto3 = FakeBoto3(types.SimpleNamespace(invoke=client))
invoker = load("lambda-invoker", boto3.modules)


class LambdaInvokerTest(unittest.TestCase):
    def setUp(self):
        client.calls.clear()
        patcher = mock.patch.dict(os.environ, {"TARGET_FUNCTION_NAME": "demo-target", "TARGET_QUALIFIER": "live"})
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_fails_fast_when_the_api_is_unreachable_instead_of_waiting_out_the_function_timeout(self):
        self.assertEqual(boto3.client_calls[0][0], "lambda")
        self.assertEqual(boto3.configs[0], {"connect_timeout": 3, "read_timeout": 10, "retries": {"total_max_attempts": 2, "mode": "standard"}})

    def test_invokes_the_targets_live_alias_with_the_event_and_returns_its_answer(self):
        client.answer = {"StatusCode": 200, "ExecutedVersion": "7", "Payload": io.BytesIO(json.dumps({"ok": True, "answeredBy": "demo-target"}).encode())}
        result = invoker.handler({"hello": "world"})
        self.assertEqual(len(client.calls), 1)
        self.assertEqual((client.calls[0]["FunctionName"], client.calls[0]["Qualifier"]), ("demo-target", "live"))
        self.assertEqual(json.loads(client.calls[0]["Payload"])["event"], {"hello": "world"})
        self.assertEqual(
            {k: result[k] for k in ("ok", "target", "status", "executedVersion", "body")},
            {"ok": True, "target": "demo-target:live", "status": 200, "executedVersion": "7", "body": {"ok": True, "answeredBy": "demo-target"}},
        )

    def test_reports_a_failing_target_as_a_failure_with_its_error_payload(self):
        client.answer = {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": io.BytesIO(b'{"errorMessage":"boom"}')}
        result = invoker.handler({})
        self.assertEqual((result["ok"], result["error"], result["body"]), (False, "the target failed (Unhandled)", {"errorMessage": "boom"}))

    def test_explains_a_timeout_as_a_missing_path_to_the_lambda_api(self):
        client.answer = ConnectTimeoutError("Connect timeout on endpoint URL")
        result = invoker.handler({})
        self.assertEqual((result["ok"], result["error"]), (False, "ConnectTimeoutError"))
        self.assertRegex(result["hint"], "lambda interface endpoint")

    def test_explains_a_denied_call_as_the_roles_narrow_invoke_right(self):
        client.answer = ClientError("AccessDeniedException", "not authorized")
        self.assertRegex(invoker.handler({})["hint"], "may invoke only the target's live alias")

    def test_refuses_to_run_without_a_target_name_saying_where_it_comes_from(self):
        del os.environ["TARGET_FUNCTION_NAME"]
        with self.assertRaisesRegex(RuntimeError, "TARGET_FUNCTION_NAME is not set"):
            invoker.handler({})
        self.assertEqual(client.calls, [])


if __name__ == "__main__":
    unittest.main()

"""The notifier, with boto3 (the Lambda runtime provides it) and urlopen faked."""
import json
import os
import types
import unittest
from unittest import mock

from samples import ClientError, FakeBoto3, FakeCall, FakeUrlopen, Response, load

WEBHOOK = "https://hooks.slack.com/services/T0/B0/secret"


ssm = FakeCall()
notifier = load("slack-notifier", FakeBoto3(types.SimpleNamespace(get_parameter=ssm)).modules)


def sns_event(*messages):
    return {"Records": [{"EventSource": "aws:sns", "Sns": {"MessageId": f"m-{i}", **m}} for i, m in enumerate(messages)]}


class SlackNotifierTest(unittest.TestCase):
    def setUp(self):
        patcher = mock.patch.dict(os.environ, {"SLACK_WEBHOOK_PARAMETER": "/demo/slack-webhook"})
        patcher.start()
        self.addCleanup(patcher.stop)
        ssm.calls.clear()
        ssm.answer = {"Parameter": {"Value": WEBHOOK}}
        notifier._reset_cache()
        self.slack = FakeUrlopen(Response(200, "ok"))
        urlopen = mock.patch.object(notifier, "urlopen", self.slack)
        urlopen.start()
        self.addCleanup(urlopen.stop)

    def test_reads_the_webhook_from_the_securestring_parameter_and_posts_each_message_to_it(self):
        self.assertEqual(notifier.handler(sns_event({"Subject": "Deploy", "Message": "v42 is live"}, {"Message": "second"})), {"delivered": 2})
        self.assertEqual(ssm.calls, [{"Name": "/demo/slack-webhook", "WithDecryption": True}])
        requests = [c["request"] for c in self.slack.calls]
        self.assertEqual([r.full_url for r in requests], [WEBHOOK, WEBHOOK])
        self.assertEqual(json.loads(requests[0].data), {"text": "*Deploy*\nv42 is live"})
        self.assertEqual((requests[0].get_method(), requests[0].get_header("Content-type")), ("POST", "application/json"))

    def test_turns_a_cloudwatch_alarm_into_one_readable_line(self):
        alarm = {"AlarmName": "orders-5xx", "NewStateValue": "ALARM", "NewStateReason": "Threshold crossed"}
        notifier.handler(sns_event({"Subject": "ALARM", "Message": json.dumps(alarm)}))
        self.assertEqual(json.loads(self.slack.calls[0]["request"].data)["text"], ":rotating_light: *orders-5xx* is ALARM: Threshold crossed")

    def test_reads_the_parameter_once_for_several_invocations(self):
        notifier.handler(sns_event({"Message": "a"}))
        notifier.handler(sns_event({"Message": "b"}))
        self.assertEqual(len(ssm.calls), 1)

    def test_a_missing_parameter_fails_with_the_command_that_creates_it_without_calling_slack(self):
        ssm.answer = ClientError("ParameterNotFound")
        with self.assertRaisesRegex(RuntimeError, "aws ssm put-parameter --type SecureString --name /demo/slack-webhook"):
            notifier.handler(sns_event({"Message": "x"}))
        self.assertEqual(self.slack.calls, [])

    def test_a_parameter_that_does_not_hold_an_https_url_is_refused(self):
        ssm.answer = {"Parameter": {"Value": "not-a-url"}}
        with self.assertRaisesRegex(RuntimeError, "does not hold an https:// webhook URL"):
            notifier.handler(sns_event({"Message": "x"}))

    def test_a_refused_post_raises_so_sns_retries_never_revealing_the_url_and_a_revoked_webhook_is_read_again(self):
        self.slack.answers = [Response(404, "no_service")]
        with self.assertRaises(RuntimeError) as raised:
            notifier.handler(sns_event({"Message": "x"}))
        self.assertRegex(str(raised.exception), "Slack refused message m-0: HTTP 404 no_service")
        self.assertNotIn(WEBHOOK, str(raised.exception))
        with self.assertRaises(RuntimeError):
            notifier.handler(sns_event({"Message": "y"}))
        self.assertEqual(len(ssm.calls), 2)

    def test_ignores_records_that_are_not_from_sns_and_needs_its_parameter_name(self):
        self.assertEqual(notifier.handler({"Records": [{"EventSource": "aws:sqs"}]}), {"delivered": 0})
        del os.environ["SLACK_WEBHOOK_PARAMETER"]
        with self.assertRaisesRegex(RuntimeError, "SLACK_WEBHOOK_PARAMETER is not set"):
            notifier.handler(sns_event({"Message": "x"}))


if __name__ == "__main__":
    unittest.main()

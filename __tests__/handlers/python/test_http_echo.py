"""The target handler answers all three front doors (REST API, HTTP API, ALB) in their own format."""
import base64
import json
import unittest

from samples import load

echo = load("http-echo")


class HttpEchoTest(unittest.TestCase):
    def test_rest_api_proxy_event_is_echoed_with_only_the_keys_api_gateway_accepts(self):
        response = echo.handler(
            {"httpMethod": "POST", "path": "/invoke", "body": '{"from":"caller"}', "isBase64Encoded": False, "requestContext": {"apiId": "abc123", "identity": {"vpceId": "vpce-0123"}}}
        )
        self.assertEqual(sorted(response), ["body", "headers", "isBase64Encoded", "statusCode"])
        self.assertEqual(response["statusCode"], 200)
        body = json.loads(response["body"])
        self.assertEqual(
            {k: body[k] for k in ("ok", "via", "method", "path", "sourceVpce", "received")},
            {"ok": True, "via": "rest-api", "method": "POST", "path": "/invoke", "sourceVpce": "vpce-0123", "received": {"from": "caller"}},
        )

    def test_alb_event_with_a_base64_body_is_decoded_and_gets_the_status_description(self):
        response = echo.handler(
            {
                "httpMethod": "POST",
                "path": "/invoke",
                "body": base64.b64encode(b'{"n":1}').decode(),
                "isBase64Encoded": True,
                "requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/demo-fn-tg/1"}},
            }
        )
        self.assertEqual((response["statusCode"], response["statusDescription"]), (200, "200 OK"))
        body = json.loads(response["body"])
        self.assertEqual((body["via"], body["received"]), ("alb", {"n": 1}))

    def test_http_api_event_with_a_text_body_is_echoed_as_text(self):
        body = json.loads(echo.handler({"rawPath": "/x", "body": "hello", "requestContext": {"http": {"method": "PUT"}}})["body"])
        self.assertEqual({k: body[k] for k in ("via", "method", "path", "received")}, {"via": "http-api", "method": "PUT", "path": "/x", "received": "hello"})


if __name__ == "__main__":
    unittest.main()

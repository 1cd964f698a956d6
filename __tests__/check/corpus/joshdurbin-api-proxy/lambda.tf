# From joshdurbin/aws-api-gateway-lambda-proxy-internal-vpc-performance (no license file; short excerpt kept for the test)
# lambda.tf, policies.tf @ 09a5207ad1a3984b6b30adad671c79ee7fbda95a (Terraform 0.11 syntax, as written);
# the archives and the API Gateway resources the permissions name are trimmed.
resource "aws_lambda_function" "authorizer_lambda" {
  filename      = "${path.module}/authorizer.zip"
  description   = "Authorizer lambda"
  function_name = "authorizer"
  role          = "${aws_iam_role.proxy_lambda_role.arn}"
  handler       = "authorizer.lambda_handler"
  runtime       = "python2.7"
  timeout       = 2
}

resource "aws_lambda_function" "proxy_lambda" {
  filename      = "${path.module}/proxy.zip"
  description   = "Proxy lambda"
  function_name = "proxy"
  role          = "${aws_iam_role.proxy_lambda_role.arn}"
  handler       = "proxy.lambda_handler"
  runtime       = "python2.7"
  timeout       = 30

  vpc_config {
    subnet_ids         = ["${aws_subnet.lambda.id}"]
    security_group_ids = ["${aws_security_group.lambda.id}"]
  }

  environment {
    variables {
      webserver_internal_ip = "${aws_instance.webserver.private_ip}"
    }
  }
}

resource "aws_lambda_permission" "api_gateway_lambda_permission_root_resource" {
  statement_id  = "AllowExecutionFromAPIGatewayRootResource"
  action        = "lambda:InvokeFunction"
  function_name = "${aws_lambda_function.proxy_lambda.arn}"
  principal     = "apigateway.amazonaws.com"

  source_arn = "arn:aws:execute-api:${var.region}:${data.aws_caller_identity.current_identify.account_id}:${aws_api_gateway_rest_api.proxy_api.id}/*/*"
}

data "aws_iam_policy_document" "proxy_lambda_role" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "proxy_lambda_role" {
  name               = "proxy_lambda_role"
  assume_role_policy = "${data.aws_iam_policy_document.proxy_lambda_role.json}"
}

resource "aws_iam_role_policy_attachment" "attach_vpc_access" {
  role       = "${aws_iam_role.proxy_lambda_role.name}"
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

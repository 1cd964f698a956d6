# From aws-samples/aws-proton-terraform-sample-templates (MIT-0; the README: "This library is licensed under the
# MIT-0 License") lambda-vpc/sample-lambda-function-template/v1/instance_infrastructure/lambda.tf @
# f479de742fd2ce3db877ac207295895db8fadca4, as published. AWS Proton declares var.environment and
# var.service_instance when it provisions the service; the VPC is the environment template's (another
# configuration), which hands over one subnet and one security group as outputs.
resource "aws_iam_role" "iam_for_lambda" {
  name = "iam_for_lambda"

  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]

  assume_role_policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": "sts:AssumeRole",
      "Principal": {
        "Service": "lambda.amazonaws.com"
      },
      "Effect": "Allow",
      "Sid": ""
    }
  ]
}
EOF
}

resource "aws_lambda_function" "my_lambda" {
  function_name = var.service_instance.inputs.function_name
  role          = aws_iam_role.iam_for_lambda.arn
  handler       = var.service_instance.inputs.handler

  s3_bucket = var.service_instance.inputs.function_s3_bucket
  s3_key    = var.service_instance.inputs.function_s3_key

  runtime = var.service_instance.inputs.lambda_runtime

  vpc_config {
    subnet_ids         = [var.environment.outputs.subnet_id]
    security_group_ids = [var.environment.outputs.security_group_id]
  }
}

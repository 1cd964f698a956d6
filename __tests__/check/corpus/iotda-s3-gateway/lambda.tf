# From iotda-ol/dea-c01-lambda-vpc-s3-secure-file-transfer-using-gateway-endpoints (MIT License)
# terraform/lambda.tf @ 42e70265042e5f6d1ecd9536cfcde707a0875695, EventBridge schedule and tags trimmed.
resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/${var.project_name}-${var.environment}-file-transfer"
  retention_in_days = 7
}

resource "aws_lambda_function" "file_transfer" {
  filename      = "${path.module}/../lambda_function.zip"
  function_name = "${var.project_name}-${var.environment}-file-transfer"
  role          = aws_iam_role.lambda.arn
  handler       = "lambda_function.lambda_handler"
  runtime       = "python3.11"
  timeout       = 300
  memory_size   = 512

  vpc_config {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.lambda.id]
  }

  environment {
    variables = {
      S3_BUCKET_NAME   = aws_s3_bucket.file_transfer.id
      SFTP_SECRET_ARN  = aws_secretsmanager_secret.sftp_credentials.arn
      SFTP_REMOTE_PATH = var.sftp_remote_path
      LOG_LEVEL        = "INFO"
    }
  }

  depends_on = [
    aws_cloudwatch_log_group.lambda,
    aws_iam_role_policy_attachment.lambda_s3,
    aws_iam_role_policy_attachment.lambda_logs,
    aws_iam_role_policy_attachment.lambda_vpc,
    aws_iam_role_policy_attachment.lambda_secrets
  ]
}

# From awsandy/lambda-vpc-efs (no license file in the repository; short excerpt kept for the test)
# main.tf and efs.tf @ 14f6579dcc6c70f691023652c34dfb05933f2e37; heredoc IAM policy and archive trimmed.
resource "aws_iam_role" "lambda_role" {
  name               = "AT_Test_Lambda_Function_Role"
  assume_role_policy = <<POLICY
{
 "Version": "2012-10-17",
 "Statement": [
   { "Action": "sts:AssumeRole", "Principal": { "Service": "lambda.amazonaws.com" }, "Effect": "Allow", "Sid": "" }
 ]
}
POLICY
}

resource "aws_iam_role_policy_attachment" "attach_iam_policy_to_iam_role2" {
  role       = aws_iam_role.lambda_role.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
}

resource "aws_iam_role_policy_attachment" "attach_iam_policy_to_iam_role3" {
  role       = aws_iam_role.lambda_role.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonElasticFileSystemFullAccess"
}

resource "aws_lambda_function" "terraform_lambda_func" {
  filename      = "${path.module}/python/hello-python.zip"
  function_name = "at-lambda-efs"
  role          = aws_iam_role.lambda_role.arn
  handler       = "index.lambda_handler"
  runtime       = "python3.8"
  depends_on    = [aws_efs_access_point.foo]
  vpc_config {
    security_group_ids = [aws_security_group.test_sg.id]
    subnet_ids         = [aws_subnet.private.id]
  }
  file_system_config {
    arn              = aws_efs_access_point.foo.arn
    local_mount_path = "/mnt/efs"
  }
}

resource "aws_security_group" "test_sg" {
  vpc_id = data.aws_vpc.vpc.id

  ingress {
    cidr_blocks = [aws_subnet.private.cidr_block]
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
  }
  ingress {
    cidr_blocks = ["100.64.0.0/16"]
    from_port   = 2049
    to_port     = 2049
    protocol    = "tcp"
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

data "aws_vpc" "vpc" {
  id = "vpc-0d18b88f8596b92c3"
}

resource "aws_subnet" "private" {
  vpc_id     = data.aws_vpc.vpc.id
  cidr_block = "100.64.4.0/24"
}

variable "file_system_id" {
  type    = string
  default = "fs-552b7ea4"
}

data "aws_efs_file_system" "foo" {
  file_system_id = var.file_system_id
}

resource "aws_efs_access_point" "foo" {
  file_system_id = data.aws_efs_file_system.foo.id
  posix_user {
    gid = 0
    uid = 0
  }
}

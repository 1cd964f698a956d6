# From bnusunny/terraform-stateful-lambda-api-module (MIT-0; the README: "This library is licensed under the MIT-0 License")
# modules/lambda/main.tf, variables.tf and outputs.tf @ 856617ea7147dc626de06eda29f49b104fe24e37, descriptions trimmed.
provider "archive" {}

resource "aws_lambda_function" "lambda" {
  function_name = var.name

  filename         = var.deployment_package
  source_code_hash = filebase64sha256(var.deployment_package)

  role    = var.iam_role_for_lambda
  handler = var.handler
  runtime = var.runtime

  timeout = var.timeout
  memory_size = var.memory_size


  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_groups
  }

  file_system_config {
    arn              = var.efs_access_point_arn
    local_mount_path = var.local_mount_path
  }

  # Explicitly declare dependency on EFS mount target.
  # When creating or updating Lambda functions, mount target must be in 'available' lifecycle state.
  depends_on = [var.efs_mount_targets]

}

output "name" {
  value = aws_lambda_function.lambda.function_name
}

output "arn" {
  value = aws_lambda_function.lambda.arn
}

output "version" {
  value = aws_lambda_function.lambda.version
}

variable "name" {
}

variable "deployment_package" {
}

variable "iam_role_for_lambda" {
}

variable "handler" {
}

variable "runtime" {
}

variable "timeout" {
  default = 3
}
variable "memory_size" {
  default = 128
}

variable "subnet_ids" {
}

variable "security_groups" {
  type = list(string)
  default = []
}

variable "efs_access_point_arn" {
}

variable "local_mount_path" {
  default = "/mnt/efs"
}

variable "efs_mount_targets" {
}

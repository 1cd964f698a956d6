# From juani-garcia/2023Q2-G3 (MIT License, Copyright (c) 2023 jbarmasch): terraform/modules/lambda/main.tf @
# 35296c77980c9c31167abec8c79cb235b4358f56, variables.tf and outputs.tf @ 31f5c4212f6cfa5a99597ed053a3d556a43f6619;
# descriptions trimmed.
resource "aws_lambda_function" "this" {
  filename      = var.filename
  function_name = var.function_name
  role          = var.role
  handler       = var.handler
  runtime       = var.runtime
  tags = {
    Name = var.function_name
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  timeouts {
    create = "30m"
  }

}

output "invoke_arn" {
  value = aws_lambda_function.this.invoke_arn
}

output "function_name" {
  value = aws_lambda_function.this.function_name
}

output "arn" {
  value = aws_lambda_function.this.arn
}

variable "filename" { type = string }
variable "function_name" { type = string }
variable "role" { type = string }
variable "handler" { type = string }
variable "runtime" { type = string }
variable "subnet_ids" { type = list(string) }
variable "security_group_ids" { type = list(string) }

# From cloudposse/terraform-aws-lambda-function (Apache-2.0)
# examples/complete/main.tf @ 01e5d975d8d0b72dd9b6ee8b73d96cd3e43d89f2, the archive, the label context and the
# "count = local.enabled ? 1 : 0" toggles
# trimmed. The function module is the repository root ("../.."), which is not part of this case.
locals {
  policy_name_inside  = "${module.label.id}-inside"
  policy_name_outside = "${module.label.id}-outside"
}

module "label" {
  source     = "cloudposse/label/null"
  version    = "0.25.0"
  attributes = [var.function_name]
}

module "iam_policy" {
  source  = "cloudposse/iam-policy/aws"
  version = "0.3.0"

  iam_policy_statements = {
    ListMyBucket = {
      effect     = "Allow"
      actions    = ["s3:ListBucket"]
      resources  = ["arn:aws:s3:::test"]
      conditions = []
    }
  }
}

resource "aws_iam_policy" "outside" {
  name   = local.policy_name_outside
  path   = "/"
  policy = module.iam_policy.json
}

resource "aws_iam_role_policy_attachment" "outside" {
  role       = module.lambda.role_name
  policy_arn = aws_iam_policy.outside.arn
}

module "lambda" {
  source = "../.."

  function_name = module.label.id
  handler       = var.handler
  runtime       = var.runtime

  custom_iam_policy_arns = [
    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
  ]
}

variable "function_name" { type = string }
variable "handler" { type = string }
variable "runtime" { type = string }

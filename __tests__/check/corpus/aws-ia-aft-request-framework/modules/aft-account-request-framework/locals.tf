# From aws-ia/terraform-aws-control_tower_account_factory (Apache-2.0),
# modules/aft-account-request-framework/locals.tf @ ae35712fdef0ca38cfe9dca34d708f5e9040fcf0.
locals {
  lambda_managed_policies = [data.aws_iam_policy.AWSLambdaBasicExecutionRole.arn, data.aws_iam_policy.AWSLambdaVPCAccessExecutionRole.arn]
}

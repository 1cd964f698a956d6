# From aws-ia/terraform-aws-control_tower_account_factory (Apache-2.0),
# modules/aft-account-request-framework/sqs.tf and kms.tf @ ae35712fdef0ca38cfe9dca34d708f5e9040fcf0, sns.tf @
# 1010f5ead7960114a4abf96afffb02c7a6e47e70 (Copyright Amazon.com, Inc. or its affiliates. All rights reserved.).
resource "aws_sqs_queue" "aft_account_request" {
  name                              = "aft-account-request.fifo"
  fifo_queue                        = true
  kms_master_key_id                 = aws_kms_alias.aft.name
  kms_data_key_reuse_period_seconds = 300
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.aft_account_request_dlq.arn
    maxReceiveCount     = 1000
  })
}

resource "aws_sqs_queue" "aft_account_request_dlq" {
  name                              = "aft-account-request-dlq.fifo"
  fifo_queue                        = true
  kms_master_key_id                 = aws_kms_alias.aft.name
  kms_data_key_reuse_period_seconds = 300
}

resource "aws_kms_key" "aft" {
  description         = "AFT KMS key"
  enable_key_rotation = "true"
}
resource "aws_kms_alias" "aft" {
  name          = "alias/aft"
  target_key_id = aws_kms_key.aft.key_id
}

resource "aws_sns_topic" "aft_notifications" {
  name              = "aft-notifications"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic" "aft_failure_notifications" {
  name              = "aft-failure-notifications"
  kms_master_key_id = "alias/aws/sns"
}

# Copyright Amazon.com, Inc. or its affiliates. All rights reserved.
# SPDX-License-Identifier: Apache-2.0
#
# From aws-ia/terraform-aws-control_tower_account_factory (Apache-2.0), modules/aft-account-request-framework/data.tf @
# 1010f5ead7960114a4abf96afffb02c7a6e47e70: the Control Tower management account and the endpoints trimmed from
# vpc.tf left out.
data "aws_region" "aft-management" {}

data "aws_caller_identity" "aft-management" {}

data "aws_iam_policy" "AWSLambdaBasicExecutionRole" {
  name = "AWSLambdaBasicExecutionRole"
}

data "aws_iam_policy" "AWSLambdaVPCAccessExecutionRole" {
  name = "AWSLambdaVPCAccessExecutionRole"
}

data "aws_availability_zones" "available" {
  state = "available"
}

######################################
# VPC Endpoints
######################################

#### kms ####

data "aws_vpc_endpoint_service" "kms" {
  service = "kms"
}

data "aws_subnet_ids" "kms" {
  vpc_id = aws_vpc.aft_vpc.id

  filter {
    name   = "subnet-id"
    values = [aws_subnet.aft_vpc_private_subnet_01.id, aws_subnet.aft_vpc_private_subnet_02.id]
  }

  filter {
    name   = "availability-zone"
    values = data.aws_vpc_endpoint_service.kms.availability_zones
  }
}

#### ssm ####

data "aws_vpc_endpoint_service" "ssm" {
  service = "ssm"
}

data "aws_subnet_ids" "ssm" {
  vpc_id = aws_vpc.aft_vpc.id

  filter {
    name   = "subnet-id"
    values = [aws_subnet.aft_vpc_private_subnet_01.id, aws_subnet.aft_vpc_private_subnet_02.id]
  }

  filter {
    name   = "availability-zone"
    values = data.aws_vpc_endpoint_service.ssm.availability_zones
  }
}

#### sns ####

data "aws_vpc_endpoint_service" "sns" {
  service = "sns"
}

data "aws_subnet_ids" "sns" {
  vpc_id = aws_vpc.aft_vpc.id

  filter {
    name   = "subnet-id"
    values = [aws_subnet.aft_vpc_private_subnet_01.id, aws_subnet.aft_vpc_private_subnet_02.id]
  }

  filter {
    name   = "availability-zone"
    values = data.aws_vpc_endpoint_service.sns.availability_zones
  }
}

#### sqs ####

data "aws_vpc_endpoint_service" "sqs" {
  service = "sqs"
}

data "aws_subnet_ids" "sqs" {
  vpc_id = aws_vpc.aft_vpc.id

  filter {
    name   = "subnet-id"
    values = [aws_subnet.aft_vpc_private_subnet_01.id, aws_subnet.aft_vpc_private_subnet_02.id]
  }

  filter {
    name   = "availability-zone"
    values = data.aws_vpc_endpoint_service.sqs.availability_zones
  }
}

#### sts ####

data "aws_vpc_endpoint_service" "sts" {
  service = "sts"
}

data "aws_subnet_ids" "sts" {
  vpc_id = aws_vpc.aft_vpc.id

  filter {
    name   = "subnet-id"
    values = [aws_subnet.aft_vpc_private_subnet_01.id, aws_subnet.aft_vpc_private_subnet_02.id]
  }

  filter {
    name   = "availability-zone"
    values = data.aws_vpc_endpoint_service.sts.availability_zones
  }
}

# Copyright Amazon.com, Inc. or its affiliates. All rights reserved.
# SPDX-License-Identifier: Apache-2.0
#
# From aws-ia/terraform-aws-control_tower_account_factory (Apache-2.0), main.tf @ 1010f5ead7960114a4abf96afffb02c7a6e47e70:
# only the call of the account request framework is kept; its arguments that feed trimmed resources
# (product name, step function name, the lambda layer and packaging modules) are left out.
module "aft_account_request_framework" {
  source                         = "./modules/aft-account-request-framework"
  cloudwatch_log_group_retention = var.cloudwatch_log_group_retention
  aft_vpc_cidr                   = var.aft_vpc_cidr
  aft_vpc_private_subnet_01_cidr = var.aft_vpc_private_subnet_01_cidr
  aft_vpc_private_subnet_02_cidr = var.aft_vpc_private_subnet_02_cidr
  aft_vpc_public_subnet_01_cidr  = var.aft_vpc_public_subnet_01_cidr
  aft_vpc_public_subnet_02_cidr  = var.aft_vpc_public_subnet_02_cidr
  aft_vpc_endpoints              = var.aft_vpc_endpoints
}

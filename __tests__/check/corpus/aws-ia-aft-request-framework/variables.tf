# Copyright Amazon.com, Inc. or its affiliates. All rights reserved.
# SPDX-License-Identifier: Apache-2.0
#
# From aws-ia/terraform-aws-control_tower_account_factory (Apache-2.0), variables.tf @ 1010f5ead7960114a4abf96afffb02c7a6e47e70:
# the variables the call above uses, validations and descriptions trimmed.
variable "cloudwatch_log_group_retention" {
  type    = string
  default = "0"
}

variable "aft_vpc_endpoints" {
  type    = bool
  default = true
}

variable "aft_vpc_cidr" {
  type    = string
  default = "192.168.0.0/22"
}

variable "aft_vpc_private_subnet_01_cidr" {
  type    = string
  default = "192.168.0.0/24"
}

variable "aft_vpc_private_subnet_02_cidr" {
  type    = string
  default = "192.168.1.0/24"
}

variable "aft_vpc_public_subnet_01_cidr" {
  type    = string
  default = "192.168.2.0/25"
}

variable "aft_vpc_public_subnet_02_cidr" {
  type    = string
  default = "192.168.2.128/25"
}

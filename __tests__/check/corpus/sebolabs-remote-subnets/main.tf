# From sebolabs/lambda-vpc-tf (no license file; short excerpt kept for the test)
# lambda_function.tf, module_subnets.tf @ 7ee9457642d7e189d409ddf4dae27a26e238e92a, security_group.tf @
# 1181b2c0f140e121c455156dbc1cb12ec6a48725 and the variables they use; tags trimmed.
resource "aws_lambda_function" "main" {
  function_name = "${format("%s-%s-%s-%s", var.project, var.environment, var.component, var.name)}"

  s3_bucket = "${var.s3_bucket}"
  s3_key    = "${var.s3_key}"
  runtime   = "${var.runtime}"
  handler   = "${var.handler}"
  publish   = "${var.publish}"

  role = "${aws_iam_role.main.arn}"

  vpc_config {
    subnet_ids = [
      "${module.subnets.subnet_ids}",
    ]

    security_group_ids = [
      "${aws_security_group.main.id}",
      "${var.additional_security_groups}",
    ]
  }

  environment {
    variables = "${var.env_variables}"
  }
}

module "subnets" {
  source = "github.com/sebolabs/subnets-tf"

  vpc_id                  = "${var.vpc_id}"
  availability_zones      = ["${data.aws_availability_zones.available.names}"]
  cidrs                   = ["${var.subnets_cidrs}"]
  map_public_ip_on_launch = false
  route_tables            = ["${var.subnets_private_route_tables}"]
}

resource "aws_security_group" "main" {
  name   = "${format("%s-%s-%s-%s", var.project, var.environment, var.component, var.name)}"
  vpc_id = "${var.vpc_id}"
}

variable "project" { type = "string" }
variable "environment" { type = "string" }
variable "component" { type = "string" }
variable "name" { type = "string" }
variable "s3_bucket" { type = "string" }
variable "s3_key" { type = "string" }
variable "runtime" { type = "string" }
variable "handler" { type = "string" }
variable "publish" { type = "string" }
variable "vpc_id" { type = "string" }
variable "subnets_cidrs" { type = "list" }
variable "subnets_private_route_tables" { type = "list" }
variable "env_variables" {
  type    = "map"
  default = {}
}
variable "additional_security_groups" {
  type    = "list"
  default = []
}

# From juani-garcia/2023Q2-G3 (MIT License, Copyright (c) 2023 jbarmasch), the terraform/ folder:
# vpc.tf, apigw.tf @ 31f5c4212f6cfa5a99597ed053a3d556a43f6619; route_table.tf @ 1e80ebce43a3289c770bd79306d53b26665ca57c;
# vpc_endpoint.tf @ c6ef9a1a6f1a4cacb4fbd25171d9984a23c7f91c; lambda.tf, security_group.tf, datasources.tf @
# 35296c77980c9c31167abec8c79cb235b4358f56; locals.tf @ c18a912a59401150e80f64408ca52de9d4000354.
# Trimmed: the DynamoDB tables, the website bucket and CloudFront (their modules and locals), the bucket
# policy document, and the internet gateway module (attached to the VPC, routed by no table; its main.tf
# is not in the source index).
module "vpc" {
  source               = "./modules/vpc"
  vpc_name             = "vpc-test"
  vpc_cidr             = "10.0.0.0/16"
  azs                  = ["us-east-1a", "us-east-1b"]
  public_subnet_names  = ["Public Subnet 1", "Public Subnet 2"]
  private_subnet_names = ["Private Subnet 1", "Private Subnet 2"]
  newbits              = 8
}

module "route_table" {
  source         = "./modules/route_table"
  vpc_id         = module.vpc.id
  subnet_ids     = module.vpc.private_subnets
  public         = true
  nat_gateway_id = null # TODO: Add nat gateway module to be used for private subnets
}

module "vpc_endpoint" {
  source      = "./modules/vpc_endpoint"
  route_table = module.route_table.route_table_id
  vpc_id      = module.vpc.id
}

module "sg" {
  source = "./modules/security_group"

  vpc_id = module.vpc.id
  name   = "sg"

  egress_description = "Test"
  egress_from_port   = 443
  egress_to_port     = 443
  egress_protocol    = "tcp"
  egress_cidr_blocks = [module.vpc.cidr]

}

module "lambda" {
  source   = "./modules/lambda"
  for_each = local.lambdas

  depends_on = [module.vpc]

  filename      = each.value.filename
  function_name = each.value.function_name
  role          = each.value.role
  handler       = each.value.handler
  runtime       = each.value.runtime

  subnet_ids         = module.vpc.private_subnets
  security_group_ids = [module.sg.id]

}

module "apigw" {
  source = "./modules/apigw"

  depends_on = [module.lambda]

  api_name     = "api-dineout"
  lambdas_info = local.lambdas
  lambdas      = module.lambda
  region       = data.aws_region.current.name
  account_id   = data.aws_caller_identity.current.account_id

}

data "aws_iam_role" "lab_role" {
  name = "LabRole"
}

data "aws_caller_identity" "current" {

}

data "aws_region" "current" {

}

locals {
  lambdas = {
    "Loader" = {
      function_name  = "AWSLambdaRestaurantLoader"
      description    = "Lambda function to create a new Restaurant"
      handler        = "table_loader.lambda_handler"
      role           = data.aws_iam_role.lab_role.arn
      runtime        = "python3.9"
      create_package = false
      filename       = "./resources/lambda-test/table_loader.zip"
      http_method    = "POST"
      endpoint_path  = "load"
      source_arn     = "arn:aws:execute-api:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
    }
    "Reader" = {
      function_name  = "AWSLambdaRestaurantGetter"
      description    = "Lambda function to get Restaurant list"
      handler        = "table_reader.lambda_handler"
      role           = data.aws_iam_role.lab_role.arn
      runtime        = "python3.9"
      create_package = false
      filename       = "./resources/lambda-test/table_reader.zip"
      http_method    = "GET"
      endpoint_path  = "get"
      source_arn     = "arn:aws:execute-api:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}"
    }
  }
}

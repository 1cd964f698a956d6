# From bnusunny/terraform-stateful-lambda-api-module (MIT-0; the README: "This library is licensed under the MIT-0 License")
# modules/vpc/main.tf, outputs.tf and variables.tf @ 856617ea7147dc626de06eda29f49b104fe24e37, descriptions trimmed.

module "vpc" {
  source = "terraform-aws-modules/vpc/aws"

  name = var.name
  cidr = var.vpc_cidr

  azs             = var.azs
  private_subnets = var.private_subnet_cidrs
  public_subnets  = var.public_subnet_cidrs

  enable_dns_hostnames = true
  enable_dns_support   = true

  enable_nat_gateway = true
  single_nat_gateway = true

}

resource "aws_security_group" "sg_lambda" {
  vpc_id = module.vpc.vpc_id

  ingress {
    protocol  = -1
    self      = true
    from_port = 0
    to_port   = 0
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "vpc_id" {
  value = module.vpc.vpc_id
}

output "public_subnets" {
  value = module.vpc.public_subnets
}

output "private_subnetes" {
  value = module.vpc.private_subnets
}

output "sg_for_lambda" {
  value = aws_security_group.sg_lambda
}

variable "name" {
  default = "lambda-vpc"
}

variable "vpc_cidr" {
  default = "10.0.0.0/16"
}

variable "azs" {
  default = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "public_subnet_cidrs" {
  default = ["10.0.96.0/20", "10.0.112.0/20", "10.0.128.0/20"]
}

variable "private_subnet_cidrs" {
  default = ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"]
}

# From juani-garcia/2023Q2-G3 (MIT License, Copyright (c) 2023 jbarmasch): terraform/modules/vpc/main.tf @
# 31f5c4212f6cfa5a99597ed053a3d556a43f6619, outputs.tf @ 35296c77980c9c31167abec8c79cb235b4358f56,
# variables.tf @ 1291cea4d323f341fc2a21c91b2defeb7a50566d; descriptions trimmed.
resource "aws_vpc" "this" {
  cidr_block = var.vpc_cidr

  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = var.vpc_name
  }
}

module "public_subnet" {
  source = "../subnet"
  count  = length(var.azs)

  vpc_cidr                = aws_vpc.this.cidr_block
  vpc_id                  = aws_vpc.this.id
  az                      = var.azs[count.index]
  newbits                 = var.newbits
  starting_cidr           = count.index
  subnet_name             = var.public_subnet_names[count.index]
  map_public_ip_on_launch = true
}

module "private_subnet" {
  source = "../subnet"
  count  = length(var.azs)

  vpc_cidr                = aws_vpc.this.cidr_block
  vpc_id                  = aws_vpc.this.id
  az                      = var.azs[count.index]
  newbits                 = var.newbits
  starting_cidr           = count.index + length(var.public_subnet_names)
  subnet_name             = var.private_subnet_names[count.index]
  map_public_ip_on_launch = false
}

output "cidr" {
  value = aws_vpc.this.cidr_block
}

output "id" {
  value = aws_vpc.this.id
}

output "public_subnets" {
  value = module.public_subnet.*.id
}

output "private_subnets" {
  value = module.private_subnet.*.id
}

variable "vpc_name" { type = string }
variable "vpc_cidr" { type = string }
variable "public_subnet_names" { type = list(string) }
variable "private_subnet_names" { type = list(string) }
variable "azs" { type = list(string) }
variable "newbits" { type = number }

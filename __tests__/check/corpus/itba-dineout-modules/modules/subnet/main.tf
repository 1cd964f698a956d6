# From juani-garcia/2023Q2-G3 (MIT License, Copyright (c) 2023 jbarmasch): terraform/modules/subnet/main.tf and
# outputs.tf @ 31f5c4212f6cfa5a99597ed053a3d556a43f6619, variables.tf @ 1291cea4d323f341fc2a21c91b2defeb7a50566d;
# descriptions trimmed.
resource "aws_subnet" "this" {
  cidr_block        = cidrsubnet(var.vpc_cidr, var.newbits, var.starting_cidr)
  availability_zone = var.az
  vpc_id            = var.vpc_id

  map_public_ip_on_launch = var.map_public_ip_on_launch

  tags = {
    Name = var.subnet_name
  }
}

output "id" {
  value = aws_subnet.this.id
}

variable "vpc_cidr" { type = string }
variable "vpc_id" { type = string }
variable "starting_cidr" { type = number }
variable "map_public_ip_on_launch" {
  type    = bool
  default = false
}
variable "subnet_name" { type = string }
variable "az" { type = string }
variable "newbits" { type = number }

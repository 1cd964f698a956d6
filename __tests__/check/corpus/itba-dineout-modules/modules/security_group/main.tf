# From juani-garcia/2023Q2-G3 (MIT License, Copyright (c) 2023 jbarmasch): terraform/modules/security_group/main.tf @
# 1291cea4d323f341fc2a21c91b2defeb7a50566d, outputs.tf @ 31f5c4212f6cfa5a99597ed053a3d556a43f6619, variables.tf @
# 35296c77980c9c31167abec8c79cb235b4358f56; descriptions trimmed.
resource "aws_security_group" "this" {
  vpc_id = var.vpc_id

  ingress {
    description = var.ingress_description
    from_port   = var.ingress_from_port
    to_port     = var.ingress_to_port
    protocol    = var.ingress_protocol
    cidr_blocks = var.ingress_cidr_blocks
  }

  egress {
    description = var.egress_description
    from_port   = var.egress_from_port
    to_port     = var.egress_to_port
    protocol    = var.egress_protocol
    cidr_blocks = var.egress_cidr_blocks
  }

  tags = {
    Name = var.name
  }
}

output "id" {
  value = aws_security_group.this.id
}

variable "name" { type = string }
variable "vpc_id" { type = string }
variable "egress_description" {
  type    = string
  default = ""
}
variable "egress_from_port" {
  type    = number
  default = 0
}
variable "egress_to_port" {
  type    = number
  default = 0
}
variable "egress_protocol" {
  type    = string
  default = "-1"
}
variable "egress_cidr_blocks" {
  type    = list(string)
  default = []
}
variable "ingress_description" {
  type    = string
  default = ""
}
variable "ingress_from_port" {
  type    = number
  default = 0
}
variable "ingress_to_port" {
  type    = number
  default = 0
}
variable "ingress_protocol" {
  type    = string
  default = "-1"
}
variable "ingress_cidr_blocks" {
  type    = list(string)
  default = []
}

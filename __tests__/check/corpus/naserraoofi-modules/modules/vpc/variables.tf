# From NaserRaoofi/terraform-lambda-vpc (MIT License, Copyright (c) 2025 Naser Raoofi)
# modules/vpc/variables.tf @ 3de0a803e9aa2fef5e7ce577eca0a825909a809f, descriptions trimmed.
variable "project_name" { type = string }
variable "vpc_cidr" { type = string }
variable "public_subnet_cidr" { type = string }
variable "private_subnet_cidr_1" { type = string }
variable "private_subnet_cidr_2" { type = string }
variable "availability_zones" { type = list(string) }
variable "enable_nat_gateway" {
  type    = bool
  default = true
}

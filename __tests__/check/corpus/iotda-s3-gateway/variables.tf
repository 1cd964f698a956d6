# From iotda-ol/dea-c01-lambda-vpc-s3-secure-file-transfer-using-gateway-endpoints (MIT License)
# terraform/variables.tf @ 42e70265042e5f6d1ecd9536cfcde707a0875695, descriptions and tags trimmed.
variable "aws_region" {
  type    = string
  default = "us-east-1"
}

variable "project_name" {
  type    = string
  default = "secure-file-transfer"
}

variable "environment" {
  type    = string
  default = "dev"
}

variable "vpc_cidr" {
  type    = string
  default = "10.0.0.0/16"
}

variable "private_subnet_cidrs" {
  type    = list(string)
  default = ["10.0.1.0/24", "10.0.2.0/24"]
}

variable "availability_zones" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b"]
}

variable "sftp_host" {
  type    = string
  default = ""
}

variable "sftp_port" {
  type    = number
  default = 22
}

variable "sftp_username" {
  type      = string
  default   = ""
  sensitive = true
}

variable "sftp_remote_path" {
  type    = string
  default = "/uploads"
}

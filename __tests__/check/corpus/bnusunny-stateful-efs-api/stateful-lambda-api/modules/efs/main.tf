# From bnusunny/terraform-stateful-lambda-api-module (MIT-0; the README: "This library is licensed under the MIT-0 License")
# modules/efs/main.tf and variables.tf @ 133a38833615a7b4fe34256d9d808909614cdeaf, outputs.tf @
# 856617ea7147dc626de06eda29f49b104fe24e37, descriptions trimmed.
# EFS file system
resource "aws_efs_file_system" "efs_for_lambda" {

  performance_mode = var.performance_mode
  throughput_mode = var.throughput_mode
  provisioned_throughput_in_mibps = var.provisioned_throughput

  tags = {
    Name = var.name
  }
}

# mount targets for each subnets
resource "aws_efs_mount_target" "mount_target" {
  count           = length(var.subnet_ids)
  file_system_id  = aws_efs_file_system.efs_for_lambda.id
  subnet_id       = var.subnet_ids[count.index]
  security_groups = var.security_group_ids
}

# EFS access point used by lambda file system
resource "aws_efs_access_point" "access_point_lambda" {
  file_system_id = aws_efs_file_system.efs_for_lambda.id

  root_directory {
    path = "/lambda"
    creation_info {
      owner_gid   = 1000
      owner_uid   = 1000
      permissions = "777"
    }
  }

  posix_user {
    gid = 1000
    uid = 1000
  }
}

output "access_point_arn" {
  value = aws_efs_access_point.access_point_lambda.arn
}

output "mount_targets" {
  value = aws_efs_mount_target.mount_target
}

variable "name" {
}


variable "subnet_ids" {
  type = list(string)
  default = []
}

variable "security_group_ids" {
  type = list(string)
  default = []
}

variable "performance_mode" {
  default = "generalPurpose"
}

variable "throughput_mode" {
  default = "bursting"
}

variable "provisioned_throughput" {
}

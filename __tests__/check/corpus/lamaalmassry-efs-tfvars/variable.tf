# From Lamaalmassry/Terraform-champs (no license file in the repository; short excerpt kept for the test)
# week10/variable.tf @ b68bd8e52d7c25060f8793a3b234e654c44632f2
variable "cidr_block" {}
variable "function_name" {}
variable "subnet_cidr" {}

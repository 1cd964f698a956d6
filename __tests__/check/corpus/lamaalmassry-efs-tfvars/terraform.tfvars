# From Lamaalmassry/Terraform-champs (no license file in the repository; short excerpt kept for the test)
# week10/terraform.tfvars @ b68bd8e52d7c25060f8793a3b234e654c44632f2
cidr_block    = "10.0.0.0/16"
function_name = "simple-efs-directory-creator"
subnet_cidr   = "10.0.1.0/24"

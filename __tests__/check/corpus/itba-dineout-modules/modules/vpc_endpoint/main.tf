# From juani-garcia/2023Q2-G3 (MIT License, Copyright (c) 2023 jbarmasch): terraform/modules/vpc_endpoint/main.tf @
# 1e80ebce43a3289c770bd79306d53b26665ca57c, variables.tf @ 31f5c4212f6cfa5a99597ed053a3d556a43f6619; descriptions
# trimmed.
resource "aws_vpc_endpoint" "dynamo_vpc_endpoint" {
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.us-east-1.dynamodb"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [var.route_table]
  policy = jsonencode(
    {
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "*",
            "Resource": "*"
        }
    ]
}
  )
}

variable "route_table" { type = string }
variable "vpc_id" { type = string }

# From juani-garcia/2023Q2-G3 (MIT License, Copyright (c) 2023 jbarmasch): terraform/modules/route_table/main.tf @
# 1e80ebce43a3289c770bd79306d53b26665ca57c, outputs.tf @ 31f5c4212f6cfa5a99597ed053a3d556a43f6619, variables.tf @
# 1291cea4d323f341fc2a21c91b2defeb7a50566d; descriptions trimmed.
resource "aws_route_table" "this" {
  vpc_id = var.vpc_id
}

resource "aws_route_table_association" "this" {
  count          = length(var.subnet_ids)
  route_table_id = aws_route_table.this.id
  subnet_id      = var.subnet_ids[count.index]
}

output "route_table_id" {
  value = aws_route_table.this.id
}

variable "vpc_id" { type = string }
variable "subnet_ids" { type = list(string) }
variable "public" { type = bool }
variable "nat_gateway_id" { type = string }

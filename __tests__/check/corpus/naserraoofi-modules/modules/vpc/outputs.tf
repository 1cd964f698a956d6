# From NaserRaoofi/terraform-lambda-vpc (MIT License, Copyright (c) 2025 Naser Raoofi)
# modules/vpc/outputs.tf @ 3de0a803e9aa2fef5e7ce577eca0a825909a809f, descriptions trimmed.
output "vpc_id" {
  value = aws_vpc.main.id
}

output "private_subnet_ids" {
  value = [aws_subnet.private_1.id, aws_subnet.private_2.id]
}

output "nat_gateway_id" {
  value = var.enable_nat_gateway ? aws_nat_gateway.nat_gw[0].id : null
}

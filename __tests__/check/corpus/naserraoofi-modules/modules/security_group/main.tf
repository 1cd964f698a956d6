# From NaserRaoofi/terraform-lambda-vpc (MIT License, Copyright (c) 2025 Naser Raoofi)
# modules/security_group/main.tf and outputs.tf @ 3de0a803e9aa2fef5e7ce577eca0a825909a809f, tags trimmed.
resource "aws_security_group" "lambda_sg" {
  name        = "${var.project_name}-lambda-sg"
  description = "Security group for Lambda function"
  vpc_id      = var.vpc_id

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

output "lambda_sg_id" {
  value = aws_security_group.lambda_sg.id
}

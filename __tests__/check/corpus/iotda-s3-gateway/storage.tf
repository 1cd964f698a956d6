# From iotda-ol/dea-c01-lambda-vpc-s3-secure-file-transfer-using-gateway-endpoints (MIT License)
# terraform/s3.tf @ c36c2cce0391a9892c8c0ce04e3358fc1e8c763d (bucket settings trimmed) and
# terraform/secrets.tf @ 42e70265042e5f6d1ecd9536cfcde707a0875695.
resource "aws_s3_bucket" "file_transfer" {
  bucket_prefix = "${var.project_name}-${var.environment}-files-"
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.main.id
  service_name      = "com.amazonaws.${var.aws_region}.s3"
  vpc_endpoint_type = "Gateway"

  route_table_ids = [aws_route_table.private.id]
}

resource "aws_secretsmanager_secret" "sftp_credentials" {
  name_prefix             = "${var.project_name}-${var.environment}-sftp-"
  description             = "SFTP credentials for file transfer"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "sftp_credentials" {
  secret_id = aws_secretsmanager_secret.sftp_credentials.id

  secret_string = jsonencode({
    username    = var.sftp_username
    private_key = ""
    host        = var.sftp_host
    port        = var.sftp_port
  })

  lifecycle {
    ignore_changes = [secret_string]
  }
}

# From joshdurbin/aws-api-gateway-lambda-proxy-internal-vpc-performance (no license file; short excerpt kept for the test)
# networking.tf, networking_nat.tf, security.tf @ 29220ded5cee5eee996325d22a2ed7ddb3c70c39 and variables.tf @
# 1c55794ad02addff7c5122b7ec8676a71198f213; tags, the key pair and the ELB security group trimmed.
resource "aws_vpc" "proxy_poc_vpc" {
  cidr_block = "${var.vpc_cidr}"
}

resource "aws_internet_gateway" "proxy_poc_igw" {
  vpc_id = "${aws_vpc.proxy_poc_vpc.id}"
}

resource "aws_route" "associate_igw_with_vpc_route_table" {
  route_table_id         = "${aws_vpc.proxy_poc_vpc.default_route_table_id}"
  gateway_id             = "${aws_internet_gateway.proxy_poc_igw.id}"
  destination_cidr_block = "${var.zero_address_default_route_cidr}"
}

resource "aws_subnet" "nat" {
  vpc_id            = "${aws_vpc.proxy_poc_vpc.id}"
  cidr_block        = "${var.nat_subnet_cidr}"
  availability_zone = "us-west-2a"
}

resource "aws_subnet" "webserver" {
  vpc_id            = "${aws_vpc.proxy_poc_vpc.id}"
  cidr_block        = "${var.webserver_subnet_cidr}"
  availability_zone = "us-west-2a"
}

resource "aws_subnet" "lambda" {
  vpc_id            = "${aws_vpc.proxy_poc_vpc.id}"
  cidr_block        = "${var.lambda_subnet_cidr}"
  availability_zone = "us-west-2a"
}

resource "aws_eip" "nat" {
}

resource "aws_nat_gateway" "nat" {
  allocation_id = "${aws_eip.nat.id}"
  subnet_id     = "${aws_subnet.nat.id}"
}

resource "aws_route_table" "route_zero_address_to_igw" {
  vpc_id = "${aws_vpc.proxy_poc_vpc.id}"

  route {
    cidr_block = "${var.zero_address_default_route_cidr}"
    gateway_id = "${aws_internet_gateway.proxy_poc_igw.id}"
  }
}

resource "aws_route_table_association" "associate_nat_with_igw" {
  subnet_id      = "${aws_subnet.nat.id}"
  route_table_id = "${aws_route_table.route_zero_address_to_igw.id}"
}

resource "aws_route_table" "route_zero_address_to_nat" {
  vpc_id = "${aws_vpc.proxy_poc_vpc.id}"

  route {
    cidr_block     = "${var.zero_address_default_route_cidr}"
    nat_gateway_id = "${aws_nat_gateway.nat.id}"
  }
}

resource "aws_route_table_association" "associate_private_webserver_to_nat_route" {
  subnet_id      = "${aws_subnet.webserver.id}"
  route_table_id = "${aws_route_table.route_zero_address_to_nat.id}"
}

resource "aws_security_group" "lambda" {
  name        = "lambda"
  description = "Governs Lambda inbound/outbound traffic"
  vpc_id      = "${aws_vpc.proxy_poc_vpc.id}"

  ingress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["${var.zero_address_default_route_cidr}"]
  }

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["${var.zero_address_default_route_cidr}"]
  }
}

resource "aws_security_group" "webserver" {
  name        = "webserver"
  description = "Governs webserver inbound/outbound traffic"
  vpc_id      = "${aws_vpc.proxy_poc_vpc.id}"

  ingress {
    protocol    = "tcp"
    from_port   = 80
    to_port     = 80
    cidr_blocks = ["${aws_subnet.lambda.cidr_block}"]
  }

  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["${var.zero_address_default_route_cidr}"]
  }

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["${var.zero_address_default_route_cidr}"]
  }
}

variable "nat_subnet_cidr" {
  default = "10.0.4.0/24"
}

variable "webserver_subnet_cidr" {
  default = "10.0.1.0/24"
}

variable "lambda_subnet_cidr" {
  default = "10.0.2.0/24"
}

variable "region" {
  default = "us-west-2"
}

variable "vpc_cidr" {
  default = "10.0.0.0/16"
}

variable "zero_address_default_route_cidr" {
  default = "0.0.0.0/0"
}

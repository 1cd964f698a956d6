# From bnusunny/terraform-stateful-lambda-api-module (MIT-0; the README: "This library is licensed under the MIT-0 License")
# example/main.tf @ 133a38833615a7b4fe34256d9d808909614cdeaf; the module source ("../", the repository root) adjusted
# to this folder.
module "lambda_file_system_api" {
  source = "./stateful-lambda-api"

  stage = "dev"
  name = "lambda-file-system"

  deployment_package = "./dist/function.zip"
  handler = "app.lambda_handler"
  runtime = "python3.8"

//  efs_throughput_mode = "provisioned"
}

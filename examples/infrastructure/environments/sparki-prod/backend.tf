# State of "sparki-prod": S3, encrypted, locked with DynamoDB.
terraform {
  backend "s3" {
    bucket         = "sparki-terraform-state-333333333333"
    key            = "environments/sparki-prod/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "sparki-terraform-locks"
    encrypt        = true
  }
}

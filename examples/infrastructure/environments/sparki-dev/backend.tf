# State of "sparki-dev": S3, encrypted, locked with DynamoDB.
terraform {
  backend "s3" {
    bucket         = "sparki-terraform-state-111111111111"
    key            = "environments/sparki-dev/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "sparki-terraform-locks"
    encrypt        = true
  }
}

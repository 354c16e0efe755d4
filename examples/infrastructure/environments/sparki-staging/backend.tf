# State of "sparki-staging": S3, encrypted, locked with DynamoDB.
terraform {
  backend "s3" {
    bucket         = "sparki-terraform-state-222222222222"
    key            = "environments/sparki-staging/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "sparki-terraform-locks"
    encrypt        = true
  }
}

# State of ${{ values.name | hcl }}: S3, encrypted, locked with DynamoDB.
terraform {
  backend "s3" {
    bucket         = ${{ values.backend.bucket | hcl }}
    key            = ${{ values.backend.key | hcl }}
    region         = ${{ values.region | hcl }}
    dynamodb_table = ${{ values.backend.lockTable | hcl }}
    encrypt        = true
  }
}

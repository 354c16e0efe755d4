# State of ${{ values.name }}: S3, encrypted, locked with DynamoDB.
terraform {
  backend "s3" {
    bucket         = "${{ values.backend.bucket }}"
    key            = "${{ values.backend.key }}"
    region         = "${{ values.region }}"
    dynamodb_table = "${{ values.backend.lockTable }}"
    encrypt        = true
  }
}

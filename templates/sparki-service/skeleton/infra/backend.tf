terraform {
  backend "s3" {
    bucket         = ${{ values.backend.bucket | hcl }}
    key            = ${{ values.backend.key | hcl }}
    region         = ${{ values.backend.region | hcl }}
    encrypt        = true
    dynamodb_table = ${{ values.backend.lockTable | hcl }}
  }
}

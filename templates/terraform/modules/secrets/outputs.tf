output "kms_key_arn" {
  description = "ARN of the environment's KMS key."
  value       = aws_kms_key.this.arn
}

output "kms_key_id" {
  description = "ID of the environment's KMS key."
  value       = aws_kms_key.this.key_id
}

output "secret_arns" {
  description = "ARNs of the created secrets, by name."
  value       = { for name, secret in aws_secretsmanager_secret.this : name => secret.arn }
}

output "audit_trail_arn" {
  description = "CloudTrail trail recording KMS and Secrets Manager calls."
  value       = aws_cloudtrail.audit.arn
}

output "audit_bucket_name" {
  description = "S3 bucket holding the audit trail."
  value       = aws_s3_bucket.audit.id
}

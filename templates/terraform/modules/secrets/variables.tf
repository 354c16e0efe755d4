variable "name" {
  description = "Environment name, used as the prefix of the key alias, secrets and audit trail."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "kms_deletion_window_days" {
  description = "Waiting period before a scheduled KMS key deletion takes effect."
  type        = number
  default     = 30

  validation {
    condition     = var.kms_deletion_window_days >= 7 && var.kms_deletion_window_days <= 30
    error_message = "kms_deletion_window_days must be between 7 and 30 (AWS limits)."
  }
}

variable "secrets" {
  description = "Application secrets to create (values are set out of band, never in Terraform)."
  type = map(object({
    description             = string
    recovery_window_in_days = optional(number, 30)
  }))
  default = {}

  validation {
    condition     = alltrue([for secret in values(var.secrets) : secret.recovery_window_in_days == 0 || (secret.recovery_window_in_days >= 7 && secret.recovery_window_in_days <= 30)])
    error_message = "recovery_window_in_days must be 0 (immediate) or between 7 and 30."
  }
}

variable "audit_log_retention_days" {
  description = "Days the CloudTrail audit log objects are kept in S3 before expiring."
  type        = number
  default     = 365

  validation {
    condition     = var.audit_log_retention_days >= 90
    error_message = "audit_log_retention_days must be at least 90 days."
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}

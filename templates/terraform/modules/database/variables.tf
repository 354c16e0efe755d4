variable "name" {
  description = "Identifier of the DB instance (the environment name)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,50}[a-z0-9]$", var.name))
    error_message = "name must be lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC hosting the database."
  type        = string
}

variable "subnet_ids" {
  description = "Isolated database subnets, in at least two AZs."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list subnets in at least two availability zones."
  }
}

variable "allowed_security_group_ids" {
  description = "Security groups allowed to connect on the PostgreSQL port (e.g. the EKS cluster security group)."
  type        = list(string)
}

variable "engine_version" {
  description = "PostgreSQL engine version."
  type        = string
  default     = "16.4"

  validation {
    condition     = can(regex("^(1[4-7])(\\.[0-9]+)?$", var.engine_version))
    error_message = "engine_version must be PostgreSQL 14 to 17."
  }
}

variable "instance_class" {
  description = "RDS instance class, e.g. db.t4g.medium."
  type        = string

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "instance_class must be an RDS instance class such as db.r6g.large."
  }
}

variable "allocated_storage_gb" {
  description = "Initial storage, in GiB."
  type        = number
  default     = 20

  validation {
    condition     = var.allocated_storage_gb >= 20 && var.allocated_storage_gb <= 65536
    error_message = "allocated_storage_gb must be between 20 and 65536."
  }
}

variable "max_allocated_storage_gb" {
  description = "Ceiling for storage autoscaling, in GiB."
  type        = number
  default     = 100
}

variable "multi_az" {
  description = "Synchronous standby in a second AZ with automatic failover."
  type        = bool
}

variable "backup_retention_days" {
  description = "Days automated backups and point-in-time recovery are kept."
  type        = number

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35 (0 would disable backups)."
  }
}

variable "deletion_protection" {
  description = "Refuse to delete the instance; also keeps a final snapshot when it is deleted."
  type        = bool
}

variable "kms_key_arn" {
  description = "KMS key for storage encryption, Performance Insights and the managed master password."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "monitoring_interval_seconds" {
  description = "Enhanced Monitoring interval (0 disables it)."
  type        = number
  default     = 60

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.monitoring_interval_seconds)
    error_message = "monitoring_interval_seconds must be one of 0, 1, 5, 10, 15, 30, 60."
  }
}

variable "performance_insights_retention_days" {
  description = "Performance Insights retention (7 is free; otherwise a multiple of 31, up to 731)."
  type        = number
  default     = 7

  validation {
    condition     = contains([7, 731], var.performance_insights_retention_days) || (var.performance_insights_retention_days % 31 == 0 && var.performance_insights_retention_days <= 713)
    error_message = "performance_insights_retention_days must be 7, a multiple of 31 or 731."
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}

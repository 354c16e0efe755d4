variable "environment" {
  description = "Environment name; also the EKS cluster name and resource prefix."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.environment))
    error_message = "environment must be 3-32 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "tier" {
  description = "dev, staging or prod."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.tier)
    error_message = "tier must be dev, staging or prod."
  }
}

variable "size" {
  description = "Sizing preset the values below were derived from: small, medium or large."
  type        = string

  validation {
    condition     = contains(["small", "medium", "large"], var.size)
    error_message = "size must be small, medium or large."
  }
}

variable "owner" {
  description = "Catalog group owning the environment."
  type        = string
}

variable "aws_account_id" {
  description = "AWS account the environment lives in; the provider refuses any other."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be a 12-digit AWS account ID."
  }
}

variable "aws_region" {
  description = "AWS region of the environment."
  type        = string
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC (registered in the catalog as sparki.io/vpc-cidr)."
  type        = string

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be a valid IPv4 CIDR."
  }
}

variable "cluster_version" {
  description = "Kubernetes minor version of the EKS control plane."
  type        = string
}

variable "high_availability" {
  description = "Multi-AZ database, 3 AZs, one NAT gateway per AZ, cache replicas, replicated monitoring."
  type        = bool

  # Cross-variable guardrails are re-checked by Terraform itself (variable validation, >= 1.9).
  validation {
    condition     = var.tier != "prod" || var.high_availability
    error_message = "prod environments require high_availability = true."
  }
}

variable "az_count" {
  description = "Availability zones the subnets span."
  type        = number
}

variable "single_nat_gateway" {
  description = "One shared NAT gateway instead of one per AZ."
  type        = bool
}

variable "log_retention_days" {
  description = "Retention of flow logs, control-plane logs, Loki logs and traces."
  type        = number
}

variable "node_instance_types" {
  description = "Instance types of the default managed node group."
  type        = list(string)
}

variable "node_min_size" {
  description = "Minimum nodes (cluster autoscaler floor)."
  type        = number
}

variable "node_desired_size" {
  description = "Initial node count."
  type        = number
}

variable "node_max_size" {
  description = "Maximum nodes (cluster autoscaler ceiling)."
  type        = number
}

variable "enable_database" {
  description = "Create the RDS PostgreSQL database."
  type        = bool
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
}

variable "db_allocated_storage_gb" {
  description = "Initial database storage, in GiB."
  type        = number
}

variable "db_max_allocated_storage_gb" {
  description = "Database storage autoscaling ceiling, in GiB."
  type        = number
}

variable "db_multi_az" {
  description = "Multi-AZ standby for the database."
  type        = bool

  validation {
    condition     = var.tier != "prod" || var.db_multi_az
    error_message = "prod environments require a multi-AZ database."
  }
}

variable "db_backup_retention_days" {
  description = "Days database backups are kept."
  type        = number

  validation {
    condition     = var.tier != "prod" || var.db_backup_retention_days >= 7
    error_message = "prod environments keep database backups at least 7 days."
  }
}

variable "db_deletion_protection" {
  description = "Deletion protection on the database."
  type        = bool

  validation {
    condition     = var.tier != "prod" || var.db_deletion_protection
    error_message = "prod environments require deletion protection on the database."
  }
}

variable "enable_redis" {
  description = "Create the ElastiCache Redis replication group."
  type        = bool
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
}

variable "redis_num_cache_clusters" {
  description = "Redis primary plus replicas (2 or more enables failover)."
  type        = number
}

variable "enable_observability" {
  description = "Install Prometheus, Grafana, AlertManager, Loki and Jaeger into the cluster."
  type        = bool
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Environment name, used as the prefix of every resource name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "cidr_block" {
  description = "IPv4 CIDR of the VPC. Subnets are carved out of it: public /20s, private /19s, database /22s per AZ."
  type        = string

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && tonumber(split("/", var.cidr_block)[1]) <= 20 && tonumber(split("/", var.cidr_block)[1]) >= 16
    error_message = "cidr_block must be a valid IPv4 CIDR with a prefix between /16 and /20."
  }
}

variable "az_count" {
  description = "Number of availability zones the subnets span."
  type        = number
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 4 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number between 2 and 4 (EKS needs subnets in at least two AZs)."
  }
}

variable "single_nat_gateway" {
  description = "One shared NAT gateway (cheaper, single point of failure) instead of one per AZ."
  type        = bool
  default     = false
}

variable "flow_log_retention_days" {
  description = "Retention of the VPC flow log group, in days."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be one of the retention periods CloudWatch Logs accepts."
  }
}

variable "flow_log_kms_key_arn" {
  description = "KMS key encrypting the flow log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.flow_log_kms_key_arn))
    error_message = "flow_log_kms_key_arn must be a KMS key ARN."
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}

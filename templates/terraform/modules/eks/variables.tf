variable "name" {
  description = "Cluster name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.name))
    error_message = "name must be 3-40 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "cluster_version" {
  description = "Kubernetes minor version of the control plane, e.g. 1.31."
  type        = string

  validation {
    condition     = can(regex("^1\\.(2[89]|3[0-9])$", var.cluster_version))
    error_message = "cluster_version must be a supported EKS minor version between 1.28 and 1.39."
  }
}

variable "vpc_id" {
  description = "VPC hosting the cluster."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets for the control-plane ENIs and the nodes (at least two AZs)."
  type        = list(string)

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "subnet_ids must list subnets in at least two availability zones."
  }
}

variable "kms_key_arn" {
  description = "KMS key used for envelope encryption of Kubernetes secrets and the control-plane log group."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "endpoint_public_access" {
  description = "Expose the API server endpoint publicly (restricted to public_access_cidrs)."
  type        = bool
  default     = false
}

variable "public_access_cidrs" {
  description = "CIDRs allowed to reach the public API endpoint when it is enabled."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for cidr in var.public_access_cidrs : can(cidrhost(cidr, 0)) && cidr != "0.0.0.0/0"])
    error_message = "public_access_cidrs must be valid CIDRs and must not include 0.0.0.0/0."
  }
}

variable "control_plane_log_types" {
  description = "Control-plane log types shipped to CloudWatch. The audit log is mandatory."
  type        = list(string)
  default     = ["api", "audit", "authenticator", "controllerManager", "scheduler"]

  validation {
    condition     = contains(var.control_plane_log_types, "audit") && alltrue([for type in var.control_plane_log_types : contains(["api", "audit", "authenticator", "controllerManager", "scheduler"], type)])
    error_message = "control_plane_log_types must include audit and only contain api, audit, authenticator, controllerManager or scheduler."
  }
}

variable "log_retention_days" {
  description = "Retention of the control-plane log group, in days."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the retention periods CloudWatch Logs accepts."
  }
}

variable "node_groups" {
  description = "Managed node groups, by name. The cluster autoscaler scales each between min_size and max_size."
  type = map(object({
    instance_types = list(string)
    min_size       = number
    desired_size   = number
    max_size       = number
    capacity_type  = optional(string, "ON_DEMAND")
    disk_size_gb   = optional(number, 50)
    labels         = optional(map(string), {})
  }))

  validation {
    condition     = length(var.node_groups) > 0
    error_message = "node_groups must define at least one node group."
  }

  validation {
    condition     = alltrue([for group in values(var.node_groups) : group.min_size >= 1 && group.min_size <= group.desired_size && group.desired_size <= group.max_size])
    error_message = "each node group needs 1 <= min_size <= desired_size <= max_size."
  }

  validation {
    condition     = alltrue([for group in values(var.node_groups) : contains(["ON_DEMAND", "SPOT"], group.capacity_type)])
    error_message = "capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "addons" {
  description = "EKS add-ons to install, with a pinned version or null for the default version of the cluster."
  type        = map(string)
  default = {
    "vpc-cni"                = null
    "coredns"                = null
    "kube-proxy"             = null
    "aws-ebs-csi-driver"     = null
    "eks-pod-identity-agent" = null
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Environment name."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.name))
    error_message = "name must be 3-32 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "cluster_name" {
  description = "EKS cluster the stack is installed into (the helm provider of the root points at it)."
  type        = string
}

variable "oidc_provider_arn" {
  description = "IAM OIDC provider of the cluster, for the Loki storage role (IRSA)."
  type        = string
}

variable "kms_key_arn" {
  description = "KMS key encrypting the log bucket."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN."
  }
}

variable "namespace" {
  description = "Namespace of the observability stack."
  type        = string
  default     = "observability"
}

variable "prometheus_retention_days" {
  description = "Days Prometheus keeps metrics locally."
  type        = number
  default     = 15

  validation {
    condition     = var.prometheus_retention_days >= 1 && var.prometheus_retention_days <= 90
    error_message = "prometheus_retention_days must be between 1 and 90."
  }
}

variable "prometheus_storage_gb" {
  description = "Persistent volume size of each Prometheus replica, in GiB."
  type        = number
  default     = 50
}

variable "log_retention_days" {
  description = "Days Loki keeps logs (in S3) and Jaeger keeps traces."
  type        = number
  default     = 30

  validation {
    condition     = var.log_retention_days >= 1 && var.log_retention_days <= 3650
    error_message = "log_retention_days must be between 1 and 3650."
  }
}

variable "high_availability" {
  description = "Run two replicas of Prometheus, AlertManager and Grafana."
  type        = bool
  default     = false
}

variable "alertmanager_receivers" {
  description = "AlertManager receivers: Slack channel and/or PagerDuty routing key secret, by receiver name."
  type = map(object({
    slack_channel                = optional(string)
    slack_webhook_secret_arn     = optional(string)
    pagerduty_routing_secret_arn = optional(string)
    severity                     = optional(list(string), ["critical", "warning"])
  }))
  default = {}
}

variable "chart_versions" {
  description = "Pinned Helm chart versions."
  type = object({
    kube_prometheus_stack = string
    loki                  = string
    jaeger                = string
  })
  default = {
    kube_prometheus_stack = "65.1.1"
    loki                  = "6.16.0"
    jaeger                = "3.3.1"
  }
}

variable "tags" {
  description = "Tags applied to every AWS resource."
  type        = map(string)
  default     = {}
}

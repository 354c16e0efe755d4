variable "service_name" {
  type        = string
  description = "Name of the service: the ECR repository and the Kubernetes namespace."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,38}[a-z0-9]$", var.service_name))
    error_message = "service_name must be a DNS label of 3-40 characters."
  }
}

variable "region" {
  type        = string
  description = "AWS region of the image registry (the dev environment's)."
}

variable "registry_account_id" {
  type        = string
  description = "AWS account holding the image registry (the dev environment's); the provider refuses any other."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.registry_account_id))
    error_message = "registry_account_id must be a 12-digit AWS account ID."
  }
}

variable "pull_account_ids" {
  type        = list(string)
  description = "AWS accounts of the other environments, whose clusters pull the image."
  default     = []

  validation {
    condition     = alltrue([for id in var.pull_account_ids : can(regex("^[0-9]{12}$", id))])
    error_message = "pull_account_ids must be 12-digit AWS account IDs."
  }
}

output "vpc_id" {
  description = "VPC of the environment."
  value       = module.vpc.vpc_id
}

output "cluster_name" {
  description = "EKS cluster of the environment."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "Kubernetes API endpoint."
  value       = module.eks.cluster_endpoint
}

output "kms_key_arn" {
  description = "KMS key of the environment."
  value       = module.secrets.kms_key_arn
}

output "database_endpoint" {
  description = "PostgreSQL endpoint, when the database component is enabled."
  value       = one(module.database[*].endpoint)
}

output "redis_endpoint" {
  description = "Redis primary endpoint, when the redis component is enabled."
  value       = one(module.redis[*].primary_endpoint_address)
}

output "grafana_url" {
  description = "In-cluster Grafana URL, when the observability component is enabled."
  value       = one(module.observability[*].grafana_url)
}

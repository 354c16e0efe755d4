output "namespace" {
  description = "Namespace of the observability stack."
  value       = var.namespace
}

output "prometheus_url" {
  description = "In-cluster Prometheus URL."
  value       = "http://kube-prometheus-stack-prometheus.${var.namespace}:9090"
}

output "grafana_url" {
  description = "In-cluster Grafana URL."
  value       = "http://kube-prometheus-stack-grafana.${var.namespace}"
}

output "alertmanager_url" {
  description = "In-cluster AlertManager URL."
  value       = "http://kube-prometheus-stack-alertmanager.${var.namespace}:9093"
}

output "logs_bucket" {
  description = "S3 bucket of the Loki chunks."
  value       = aws_s3_bucket.telemetry["logs"].id
}

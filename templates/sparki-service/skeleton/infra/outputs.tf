output "repository_url" {
  description = "URL of the service's ECR repository, where the pipeline pushes its image."
  value       = aws_ecr_repository.service.repository_url
}

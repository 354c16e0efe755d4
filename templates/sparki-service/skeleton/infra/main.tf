provider "aws" {
  region              = var.region
  allowed_account_ids = [var.registry_account_id]

  default_tags {
    tags = {
      "sparki.io/service" = var.service_name
      ManagedBy           = "terraform"
    }
  }
}

# The service's images. Tags are immutable (the pipeline deploys by digest anyway), every push is
# scanned, and images are encrypted with KMS.
resource "aws_ecr_repository" "service" {
  name                 = var.service_name
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_ecr_lifecycle_policy" "service" {
  repository = aws_ecr_repository.service.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last 100 images: enough to roll back to any recent release."
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = 100
      }
      action = { type = "expire" }
    }]
  })
}

# The staging and prod clusters live in other accounts: they may pull, nothing else.
resource "aws_ecr_repository_policy" "cross_account_pull" {
  count      = length(var.pull_account_ids) > 0 ? 1 : 0
  repository = aws_ecr_repository.service.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EnvironmentClustersPull"
      Effect    = "Allow"
      Principal = { AWS = [for id in var.pull_account_ids : "arn:aws:iam::${id}:root"] }
      Action = [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
      ]
    }]
  })
}

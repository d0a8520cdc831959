# What you need after `terraform apply`: where to push the image, where the API is, and where the
# token and the stores are.

output "api_url" {
  description = "URL of the API, Bull Board (/admin/queues) and the dashboards."
  value       = "${local.has_certificate ? "https" : "http"}://${aws_lb.api.dns_name}"
}

output "api_token_secret_arn" {
  description = "Secrets Manager secret holding the API bearer token (aws secretsmanager get-secret-value)."
  value       = aws_secretsmanager_secret.generated["api-token"].arn
}

output "ecr_repository_url" {
  description = "Push the image here, tagged image_tag: docker build -t <url>:<tag> . && docker push <url>:<tag>."
  value       = aws_ecr_repository.app.repository_url
}

output "lake_bucket" {
  description = "Name of the data-lake bucket."
  value       = aws_s3_bucket.lake.bucket
}

output "redis_endpoint" {
  description = "Primary endpoint of the queue Redis (TLS, AUTH token in Secrets Manager)."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "postgres_endpoint" {
  description = "Address of the warehouse (TLS only; private subnets)."
  value       = aws_db_instance.postgres.address
}

output "postgres_password_secret_arn" {
  description = "Secrets Manager secret holding the warehouse password of user spotlake."
  value       = aws_secretsmanager_secret.generated["pg-password"].arn
}

output "ecs_cluster" {
  description = "ECS cluster running the services."
  value       = aws_ecs_cluster.main.name
}

output "ecs_services" {
  description = "ECS service name of each spotlake service (aws ecs update-service --desired-count to scale)."
  value       = { for name, service in aws_ecs_service.service : name => service.name }
}

output "task_role_arns" {
  description = "IAM role of each service: it may touch only its own lake prefixes."
  value       = { for name, role in aws_iam_role.task : name => role.arn }
}

# Secrets live in Secrets Manager and reach a task as environment variables through the task
# definition's `secrets`, never as plain values in it. The generated ones are also in the
# terraform state: keep the state encrypted (versions.tf).

locals {
  # Made here, one random value each. ElastiCache AUTH tokens refuse / " @: letters and digits do.
  generated_secrets = {
    pg-password      = { length = 32, description = "spotlake warehouse (RDS PostgreSQL) password" }
    redis-auth-token = { length = 48, description = "spotlake ElastiCache Redis AUTH token" }
    api-token        = { length = 40, description = "spotlake API bearer token (scripts, Bull Board, dashboards)" }
  }
}

resource "random_password" "generated" {
  for_each = local.generated_secrets
  length   = each.value.length
  special  = false
}

resource "aws_secretsmanager_secret" "generated" {
  for_each                = local.generated_secrets
  name_prefix             = "${var.name}/${each.key}-"
  description             = each.value.description
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "generated" {
  for_each      = local.generated_secrets
  secret_id     = aws_secretsmanager_secret.generated[each.key].id
  secret_string = random_password.generated[each.key].result
}

locals {
  # Environment variable -> secret ARN, for every service. The MySQL and Spotify secrets are
  # yours (made outside terraform), so their values never pass through the state.
  common_secrets = merge(
    {
      PG_PASSWORD    = aws_secretsmanager_secret.generated["pg-password"].arn
      REDIS_PASSWORD = aws_secretsmanager_secret.generated["redis-auth-token"].arn
    },
    var.mysql_password_secret_arn == "" ? {} : { MYSQL_PASSWORD = var.mysql_password_secret_arn },
    var.spotify_client_secret_arn == "" ? {} : { SPOTIFY_CLIENT_SECRET = var.spotify_client_secret_arn },
  )

  service_secrets = {
    for service in local.services : service => merge(
      local.common_secrets,
      service == "api" ? { API_TOKEN = aws_secretsmanager_secret.generated["api-token"].arn } : {},
    )
  }

  secret_arns = distinct(concat(values(local.common_secrets), [aws_secretsmanager_secret.generated["api-token"].arn]))
}

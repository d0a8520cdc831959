# Each service is an ECS Fargate service running `spotlake service <name>` from the one image.
# Before it, a `spotlake migrate --no-bucket` container in the same task applies any new warehouse
# migration (under an advisory lock, so replicas starting together are safe): the service starts
# only after it succeeded, as with docker compose.

resource "aws_ecr_repository" "app" {
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecs_cluster" "main" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "service" {
  for_each          = toset(local.services)
  name              = "/ecs/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
}

locals {
  common_environment = {
    LOG_LEVEL               = var.log_level
    REDIS_HOST              = aws_elasticache_replication_group.redis.primary_endpoint_address
    REDIS_PORT              = "6379"
    REDIS_TLS               = "true"
    MYSQL_HOST              = var.mysql_host
    MYSQL_PORT              = tostring(var.mysql_port)
    MYSQL_USER              = var.mysql_user
    MYSQL_DATABASE          = var.mysql_database
    PG_HOST                 = aws_db_instance.postgres.address
    PG_PORT                 = tostring(aws_db_instance.postgres.port)
    PG_USER                 = aws_db_instance.postgres.username
    PG_DATABASE             = aws_db_instance.postgres.db_name
    PG_SSL_MODE             = "verify-full"
    NODE_EXTRA_CA_CERTS     = local.rds_ca_bundle
    S3_ENDPOINT             = "https://s3.${var.aws_region}.amazonaws.com"
    S3_REGION               = var.aws_region
    S3_BUCKET               = aws_s3_bucket.lake.bucket
    S3_FORCE_PATH_STYLE     = "false"
    S3_CREDENTIALS          = "aws"
    SPOTIFY_CLIENT_ID       = var.spotify_client_id
    SCHEDULE_TIMEZONE       = var.schedule_timezone
    EXTRACT_PART_ROWS       = tostring(var.extract_part_rows)
    EXTRACTOR_CONCURRENCY   = tostring(var.concurrency["extractor"])
    S3_LOADER_CONCURRENCY   = tostring(var.concurrency["s3-loader"])
    PG_LOADER_CONCURRENCY   = tostring(var.concurrency["pg-loader"])
    VALIDATOR_CONCURRENCY   = tostring(var.concurrency["validator"])
    TRANSFORMER_CONCURRENCY = tostring(var.concurrency["transformer"])
  }

  log_options = {
    for service in local.services : service => {
      awslogs-group  = aws_cloudwatch_log_group.service[service].name
      awslogs-region = var.aws_region
    }
  }

  # The stage workers stream: a 192 MB V8 heap holds them under 300 MB RSS at 1M rows (measured
  # by `spotlake bench`); the transformer and the api keep Node's default.
  stage_services = ["extractor", "s3-loader", "pg-loader", "validator"]
  stage_environment = {
    NODE_OPTIONS = "--max-old-space-size=192"
  }

  api_environment = {
    API_HOST = "0.0.0.0"
    API_PORT = "8080"
  }

  # ECS drops variables whose value is empty (and terraform then shows a diff forever), so an
  # empty value is left out and the config default applies.
  container_environment = {
    for service in local.services : service => [
      for name, value in merge(
        local.common_environment,
        service == "api" ? local.api_environment : {},
        contains(local.stage_services, service) ? local.stage_environment : {},
      ) :
      { name = name, value = value } if value != ""
    ]
  }

  container_secrets = {
    for service in local.services : service => [
      for name, arn in local.service_secrets[service] : { name = name, valueFrom = arn }
    ]
  }
}

resource "aws_ecs_task_definition" "service" {
  for_each                 = toset(local.services)
  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_size[each.key].cpu
  memory                   = var.task_size[each.key].memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task[each.key].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([
    {
      name        = "migrate"
      image       = local.image
      essential   = false
      command     = ["migrate", "--no-bucket"]
      environment = local.container_environment[each.key]
      secrets     = local.container_secrets[each.key]
      logConfiguration = {
        logDriver = "awslogs"
        options   = merge(local.log_options[each.key], { awslogs-stream-prefix = "migrate" })
      }
    },
    {
      name         = each.key
      image        = local.image
      essential    = true
      command      = ["service", each.key]
      environment  = local.container_environment[each.key]
      secrets      = local.container_secrets[each.key]
      dependsOn    = [{ containerName = "migrate", condition = "SUCCESS" }]
      portMappings = each.key == "api" ? [{ containerPort = 8080, protocol = "tcp" }] : []
      # The image sets HEALTH_PORT; the service answers /healthz on 127.0.0.1 inside the task.
      healthCheck = {
        command     = ["CMD", "node", "/app/bin/healthcheck.js"]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 60
      }
      # SIGTERM: stop taking jobs, finish the running ones (Fargate allows at most 120 s).
      stopTimeout = 120
      logConfiguration = {
        logDriver = "awslogs"
        options   = merge(local.log_options[each.key], { awslogs-stream-prefix = "service" })
      }
    },
  ])
}

resource "aws_ecs_service" "service" {
  for_each               = toset(local.services)
  name                   = each.key
  cluster                = aws_ecs_cluster.main.id
  task_definition        = aws_ecs_task_definition.service[each.key].arn
  desired_count          = var.replicas[each.key]
  launch_type            = "FARGATE"
  enable_execute_command = var.enable_execute_command
  propagate_tags         = "SERVICE"

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  dynamic "load_balancer" {
    for_each = each.key == "api" ? [true] : []
    content {
      target_group_arn = aws_lb_target_group.api.arn
      container_name   = "api"
      container_port   = 8080
    }
  }

  depends_on = [
    aws_lb_listener.http,
    aws_iam_role_policy.execution_secrets,
    aws_secretsmanager_secret_version.generated,
  ]
}

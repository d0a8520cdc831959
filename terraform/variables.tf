# Inputs. Only lake_bucket_name, image_tag, api_allowed_cidrs, mysql_host and
# mysql_password_secret_arn have no default; terraform.tfvars.example shows them.

# ---- Where and what ------------------------------------------------------------------------------

variable "aws_region" {
  description = "AWS region for everything."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Prefix of every resource name (lower case, digits, hyphens)."
  type        = string
  default     = "spotlake"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name: 2 to 21 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "lake_bucket_name" {
  description = "Name of the S3 data-lake bucket (globally unique). Services read and write only their prefixes of it."
  type        = string
}

variable "image_tag" {
  description = "Tag of the spotlake image in the ECR repository this creates (tags are immutable: one per release)."
  type        = string
}

variable "cpu_architecture" {
  description = "CPU architecture the image was built for: X86_64 or ARM64 (Graviton, cheaper)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture: X86_64 or ARM64."
  }
}

# ---- Network and access --------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR of the VPC; split into two public and two private subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "api_allowed_cidrs" {
  description = "CIDRs allowed to reach the API load balancer (80 and 443). Your office or VPN; 0.0.0.0/0 only with a certificate."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate for the API's HTTPS listener. Empty: plain HTTP on 80 (keep api_allowed_cidrs private)."
  type        = string
  default     = ""
}

variable "enable_execute_command" {
  description = "Allow ECS Exec into the tasks: the audited replacement for SSH, which nothing here accepts."
  type        = bool
  default     = false
}

# ---- The MySQL source and Spotify (yours, outside this stack) ------------------------------------

variable "mysql_host" {
  description = "Host of the MySQL source holding the Kaggle catalog tables, reachable from the private subnets."
  type        = string
}

variable "mysql_port" {
  description = "Port of the MySQL source."
  type        = number
  default     = 3306
}

variable "mysql_user" {
  description = "MySQL user with SELECT on the source tables."
  type        = string
  default     = "spotlake"
}

variable "mysql_database" {
  description = "MySQL database holding spotify_tracks, spotify_albums and spotify_artists."
  type        = string
  default     = "spotify"
}

variable "mysql_password_secret_arn" {
  description = "ARN of a Secrets Manager secret whose plain-text value is the MySQL password (made outside terraform, so it never enters the state)."
  type        = string
}

variable "spotify_client_id" {
  description = "Client id of your Spotify app; empty to run without the Spotify Web API source."
  type        = string
  default     = ""
}

variable "spotify_client_secret_arn" {
  description = "ARN of a Secrets Manager secret holding the Spotify client secret; empty for none."
  type        = string
  default     = ""
}

variable "schedule_timezone" {
  description = "IANA time zone of the run schedules (SCHEDULE_TIMEZONE)."
  type        = string
  default     = "UTC"
}

# ---- Services: replicas, sizes, concurrency (README, Scaling) ------------------------------------

variable "replicas" {
  description = "Tasks per service. Every service is stateless; workers share the queues, so more tasks take more jobs at once."
  type        = map(number)
  default = {
    extractor   = 1
    s3-loader   = 2
    pg-loader   = 2
    validator   = 1
    transformer = 1
    api         = 1
  }
}

variable "task_size" {
  description = "Fargate CPU units and memory (MiB) per service task; pairs Fargate accepts (256/512, 512/1024, 1024/2048, ...)."
  type        = map(object({ cpu = number, memory = number }))
  default = {
    extractor   = { cpu = 512, memory = 1024 }
    s3-loader   = { cpu = 1024, memory = 2048 }
    pg-loader   = { cpu = 512, memory = 1024 }
    validator   = { cpu = 256, memory = 512 }
    transformer = { cpu = 512, memory = 1024 }
    api         = { cpu = 512, memory = 1024 }
  }
}

variable "concurrency" {
  description = "Jobs one task of each worker runs at once (EXTRACTOR_CONCURRENCY, ...)."
  type        = map(number)
  default = {
    extractor   = 2
    s3-loader   = 1
    pg-loader   = 2
    validator   = 4
    transformer = 1
  }
}

variable "extract_part_rows" {
  description = "Rows per extract part (EXTRACT_PART_ROWS): larger tables are split into primary-key ranges of this size."
  type        = number
  default     = 50000
}

variable "log_level" {
  description = "LOG_LEVEL of every service."
  type        = string
  default     = "info"
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the services' logs."
  type        = number
  default     = 30
}

# ---- Redis (ElastiCache) -------------------------------------------------------------------------

variable "redis_node_type" {
  description = "ElastiCache node type of the queue Redis."
  type        = string
  default     = "cache.t4g.small"
}

variable "redis_engine_version" {
  description = "Redis engine version (BullMQ needs 6.2 or later)."
  type        = string
  default     = "7.1"
}

variable "redis_replicas" {
  description = "Read replicas of the queue Redis; 1 or more enables Multi-AZ automatic failover."
  type        = number
  default     = 1
}

# ---- PostgreSQL (RDS) ----------------------------------------------------------------------------

variable "postgres_engine_version" {
  description = "Major version of the RDS PostgreSQL warehouse (names its parameter group family too)."
  type        = string
  default     = "16"
}

variable "postgres_instance_class" {
  description = "RDS instance class of the warehouse."
  type        = string
  default     = "db.t4g.medium"
}

variable "postgres_allocated_storage_gb" {
  description = "Initial storage of the warehouse, GiB."
  type        = number
  default     = 50
}

variable "postgres_max_allocated_storage_gb" {
  description = "Storage autoscaling ceiling of the warehouse, GiB."
  type        = number
  default     = 500
}

variable "postgres_multi_az" {
  description = "Run the warehouse with a standby in a second availability zone."
  type        = bool
  default     = true
}

variable "postgres_backup_retention_days" {
  description = "Days of automated warehouse backups."
  type        = number
  default     = 7
}

variable "deletion_protection" {
  description = "Protect the warehouse from deletion (turn off before `terraform destroy`)."
  type        = bool
  default     = true
}

# ---- Lake lifecycle ------------------------------------------------------------------------------

variable "bronze_infrequent_access_days" {
  description = "Days after which bronze/ objects move to STANDARD_IA (30 at least)."
  type        = number
  default     = 30
}

variable "bronze_glacier_days" {
  description = "Days after which bronze/ objects move to GLACIER_IR (later than the STANDARD_IA move)."
  type        = number
  default     = 90
}

variable "bronze_expiration_days" {
  description = "Days after which bronze/ objects are deleted; 0 keeps them (replays need them)."
  type        = number
  default     = 0
}

variable "noncurrent_version_days" {
  description = "Days a replaced object version is kept before it is deleted (all prefixes)."
  type        = number
  default     = 30
}

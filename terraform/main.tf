# spotlake on AWS: the lake on S3, Redis on ElastiCache, the warehouse on RDS PostgreSQL, and each
# service as its own ECS Fargate service from one image. This file holds what the others share.

data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  azs = slice(data.aws_availability_zones.available.names, 0, 2)

  # The services of services/, each an ECS service running `spotlake service <name>`.
  worker_services = ["extractor", "s3-loader", "pg-loader", "validator", "transformer"]
  services        = concat(local.worker_services, ["api"])

  # What each service may do in the lake, by key prefix (shared/lake/keys.ts builds the keys).
  # read: get objects; write: put, delete and list (a rerun replaces a part's objects).
  # head_bucket: HeadBucket, for the API's /healthz. A service the lake is nothing to (the
  # validator works in the warehouse) gets a role with no policy at all.
  lake_access = {
    extractor   = { read = [], write = ["bronze/"], head_bucket = false }
    s3-loader   = { read = ["bronze/"], write = ["silver/", "quarantine/"], head_bucket = false }
    pg-loader   = { read = ["silver/"], write = [], head_bucket = false }
    validator   = { read = [], write = [], head_bucket = false }
    transformer = { read = [], write = ["gold/"], head_bucket = false }
    api         = { read = [], write = [], head_bucket = true }
  }

  lake_policies = {
    for service, access in local.lake_access : service => access
    if length(concat(access.read, access.write)) > 0 || access.head_bucket
  }

  image = "${aws_ecr_repository.app.repository_url}:${var.image_tag}"

  # The RDS certificate bundle the image carries (Dockerfile); verify-full checks against it.
  rds_ca_bundle = "/app/certs/rds-global-bundle.pem"
}

# The warehouse: spotify.* (loaded), analytics.* (models) and pipeline.* (the run ledger).
# TLS only (rds.force_ssl); the tasks verify the server against the RDS CA bundle.

resource "aws_db_subnet_group" "postgres" {
  name       = "${var.name}-postgres"
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_parameter_group" "postgres" {
  name   = "${var.name}-postgres${var.postgres_engine_version}"
  family = "postgres${var.postgres_engine_version}"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_db_instance" "postgres" {
  identifier                 = "${var.name}-warehouse"
  engine                     = "postgres"
  engine_version             = var.postgres_engine_version
  instance_class             = var.postgres_instance_class
  allocated_storage          = var.postgres_allocated_storage_gb
  max_allocated_storage      = var.postgres_max_allocated_storage_gb
  storage_type               = "gp3"
  storage_encrypted          = true
  db_name                    = "spotlake"
  username                   = "spotlake"
  password                   = random_password.generated["pg-password"].result
  port                       = 5432
  db_subnet_group_name       = aws_db_subnet_group.postgres.name
  vpc_security_group_ids     = [aws_security_group.postgres.id]
  parameter_group_name       = aws_db_parameter_group.postgres.name
  multi_az                   = var.postgres_multi_az
  publicly_accessible        = false
  backup_retention_period    = var.postgres_backup_retention_days
  copy_tags_to_snapshot      = true
  auto_minor_version_upgrade = true
  deletion_protection        = var.deletion_protection
  skip_final_snapshot        = false
  final_snapshot_identifier  = "${var.name}-warehouse-final"
}

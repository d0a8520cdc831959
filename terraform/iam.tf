# Least privilege. The execution role (ECS itself) pulls the image, writes logs and reads only the
# secrets above. Each service's task role may touch only the lake bucket's prefixes it uses
# (local.lake_access); none has any other AWS permission.

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-ecs-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "read_secrets" {
  statement {
    sid       = "ReadTaskSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.secret_arns
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "read-task-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.read_secrets.json
}

resource "aws_iam_role" "task" {
  for_each           = local.lake_access
  name               = "${var.name}-${each.key}"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "lake" {
  for_each = local.lake_policies

  dynamic "statement" {
    for_each = length(each.value.read) > 0 ? [each.value.read] : []
    content {
      sid       = "ReadPrefixes"
      actions   = ["s3:GetObject"]
      resources = [for prefix in statement.value : "${aws_s3_bucket.lake.arn}/${prefix}*"]
    }
  }

  dynamic "statement" {
    for_each = length(each.value.write) > 0 ? [each.value.write] : []
    content {
      sid       = "WritePrefixes"
      actions   = ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
      resources = [for prefix in statement.value : "${aws_s3_bucket.lake.arn}/${prefix}*"]
    }
  }

  dynamic "statement" {
    for_each = length(concat(each.value.read, each.value.write)) > 0 ? [concat(each.value.read, each.value.write)] : []
    content {
      sid       = "ListPrefixes"
      actions   = ["s3:ListBucket"]
      resources = [aws_s3_bucket.lake.arn]

      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = [for prefix in statement.value : "${prefix}*"]
      }
    }
  }

  # HeadBucket is authorised as s3:ListBucket with no prefix: the bucket's keys, not its objects.
  dynamic "statement" {
    for_each = each.value.head_bucket ? [true] : []
    content {
      sid       = "HeadBucket"
      actions   = ["s3:ListBucket"]
      resources = [aws_s3_bucket.lake.arn]
    }
  }
}

resource "aws_iam_role_policy" "lake" {
  for_each = local.lake_policies
  name     = "lake-prefixes"
  role     = aws_iam_role.task[each.key].id
  policy   = data.aws_iam_policy_document.lake[each.key].json
}

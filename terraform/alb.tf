# The API behind an application load balancer, reachable from api_allowed_cidrs only. With a
# certificate it serves HTTPS and redirects HTTP; without one, plain HTTP (keep the CIDRs private).

locals {
  has_certificate = var.certificate_arn != ""
}

resource "aws_lb" "api" {
  name                       = "${var.name}-api"
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb.id]
  subnets                    = aws_subnet.public[*].id
  drop_invalid_header_fields = true
}

resource "aws_lb_target_group" "api" {
  name                 = "${var.name}-api"
  port                 = 8080
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = aws_vpc.main.id
  deregistration_delay = 30

  # /healthz answers 503 when a server it depends on is down; the task itself is still the one to
  # route to (it reports the failure), so both count as alive here.
  health_check {
    path                = "/healthz"
    matcher             = "200,503"
    interval            = 15
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.api.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = local.has_certificate ? "redirect" : "forward"
    target_group_arn = local.has_certificate ? null : aws_lb_target_group.api.arn

    dynamic "redirect" {
      for_each = local.has_certificate ? [true] : []
      content {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }
}

resource "aws_lb_listener" "https" {
  count             = local.has_certificate ? 1 : 0
  load_balancer_arn = aws_lb.api.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

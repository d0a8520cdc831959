# Providers and the state backend. Keep the state remote and encrypted: it holds the generated
# passwords. For example, in a backend.tf of your own (not committed):
#
#   terraform {
#     backend "s3" {
#       bucket       = "my-terraform-state"
#       key          = "spotlake/terraform.tfstate"
#       region       = "us-east-1"
#       encrypt      = true
#       use_lockfile = true
#     }
#   }

terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Project   = var.name
      ManagedBy = "terraform"
    }
  }
}

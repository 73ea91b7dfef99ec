# The lightbulb monitor schema (part of it) with the ClickHouse provider from plain Terraform,
# no cdktf. Install the provider next to this file first (no registry needed):
#   npx chx provider install .        (the provider in terraform.d/plugins and .terraform.lock.hcl)
#   terraform init && terraform plan
# The server comes from CLICKHOUSE_URL / CLICKHOUSE_USER / CLICKHOUSE_PASSWORD (never in state).

terraform {
  required_version = ">= 1.11"
  required_providers {
    clickhouse = {
      source = "terraform.local/chx/clickhouse"
    }
  }
}

variable "database" {
  type    = string
  default = "monitor"
}

variable "manage_access" {
  description = "Declare the monitor user, its profile and grants (the server needs writable access storage)."
  type        = bool
  default     = false
}

variable "monitor_password" {
  description = "The monitor user's password: ephemeral, so it reaches the write-only attribute and nothing else."
  type        = string
  default     = null
  sensitive   = true
  ephemeral   = true
}

provider "clickhouse" {
  url_env = "CLICKHOUSE_URL"
  stack   = "hcl-example"
}

resource "clickhouse_database" "monitor" {
  name = var.database
}

resource "clickhouse_table" "service_status" {
  database = clickhouse_database.monitor.name
  name     = "service_status"
  columns = [
    { name = "service_id", type = "String", comment = "Unique service identifier" },
    { name = "timestamp", type = "DateTime64(3)", comment = "Status check timestamp" },
    { name = "status_code", type = "UInt8", comment = "0 OK, 1 DEGRADED, 2 FAILED" },
    { name = "message", type = "String", codec = "ZSTD(3)" },
    { name = "response_time_ms", type = "Nullable(UInt32)" },
  ]
  engine       = "MergeTree"
  order_by     = ["service_id", "timestamp"]
  partition_by = "toYYYYMM(timestamp)"
  ttl          = "toDateTime(timestamp) + INTERVAL 90 DAY"
}

resource "clickhouse_table" "service_status_hourly" {
  database = clickhouse_database.monitor.name
  name     = "service_status_hourly"
  columns = [
    { name = "service_id", type = "String" },
    { name = "hour", type = "DateTime" },
    { name = "checks", type = "UInt64" },
    { name = "failed_checks", type = "UInt64" },
  ]
  engine       = "SummingMergeTree"
  order_by     = ["service_id", "hour"]
  partition_by = "toYYYYMM(hour)"
  ttl          = "hour + INTERVAL 90 DAY"
}

resource "clickhouse_materialized_view" "summary" {
  database    = clickhouse_database.monitor.name
  name        = "service_status_summary"
  to_database = clickhouse_table.service_status_hourly.database
  to_table    = clickhouse_table.service_status_hourly.name
  select      = "SELECT service_id, toStartOfHour(timestamp) AS hour, count() AS checks, countIf(status_code = 2) AS failed_checks FROM ${var.database}.service_status GROUP BY service_id, hour"
  depends_on  = [clickhouse_table.service_status]
}

resource "clickhouse_settings_profile" "program" {
  count = var.manage_access ? 1 : 0
  name  = "program"
  settings = [
    { name = "max_memory_usage", value = "10000000000" },
    { name = "max_execution_time", value = "300" },
    { name = "max_threads", value = "8", max = "16" },
  ]
}

resource "clickhouse_user" "monitor" {
  count            = var.manage_access ? 1 : 0
  name             = "monitor"
  password_wo      = var.monitor_password
  password_version = "1" # bump to set the password again
  default_database = clickhouse_database.monitor.name
  profiles         = [clickhouse_settings_profile.program[0].name]
}

resource "clickhouse_grant" "monitor" {
  count   = var.manage_access ? 1 : 0
  grantee = clickhouse_user.monitor[0].name
  grants = [
    { privilege = "SELECT", database = "system" },
    { privilege = "ALL", database = clickhouse_database.monitor.name },
  ]
  depends_on = [clickhouse_materialized_view.summary]
}

output "planned_sql" {
  description = "The statements the last change of the table ran."
  value       = clickhouse_table.service_status.planned_sql
}

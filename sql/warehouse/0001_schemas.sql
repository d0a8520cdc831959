-- The warehouse's schemas: spotify (loaded tables), analytics (models), staging (per-run load
-- tables, unlogged and dropped after the commit).
CREATE SCHEMA IF NOT EXISTS spotify;
CREATE SCHEMA IF NOT EXISTS analytics;
CREATE SCHEMA IF NOT EXISTS staging;

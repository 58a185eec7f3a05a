-- Every landed file read, decoded and split into numbered physical lines: the
-- engine's own part of landing (macros/landing/landed_file_lines.sql).
-- Ephemeral: its one reader, base_cld__submission_records, stores the result,
-- so the files are read once and the lines are not written twice.
{{ config(materialized='ephemeral') }}

{{ landed_file_lines(source('cld', 'landed_files')) }}

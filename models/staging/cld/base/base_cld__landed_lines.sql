-- Every landed file still to be read, decoded and split into numbered physical
-- lines: the engine's own part of landing (macros/landing/landed_file_lines.sql).
-- Ephemeral: its one reader, base_cld__submission_records, stores the result,
-- so the files are read once and the lines are not written twice. In an
-- incremental build only new or replaced files are read (landed_files_to_read).
{{ config(materialized='ephemeral') }}

{{ landed_file_lines(landed_files_to_read()) }}

-- Trigram matching for Chinese substring search on power item names and proposal text.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

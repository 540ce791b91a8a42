-- medlink schema 2: the ConText assertion of a mention (present, negated, …), when
-- the record has one.
ALTER TABLE mentions ADD COLUMN IF NOT EXISTS assertion text;

-- egress-gate schema, version 4.2: an IP or CIDR entry that the current policy refuses (an operator's
-- internal_ranges or floors added after it was stored, or a wider built-in list) is kept but suspended:
-- none of its addresses is published, and this says why. NULL for an entry in force.
ALTER TABLE eg_entry ADD COLUMN suspended_reason VARCHAR(500);

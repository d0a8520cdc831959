-- How long each check took, so the ledger shows what validation costs per table and per model test.
ALTER TABLE pipeline.checks ADD COLUMN ms integer;

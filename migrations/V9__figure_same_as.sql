-- V9: a figure that states the same amount as another (one sum in two
-- currencies: "A$20 million ($14.8 million)") names it, so that a sum over
-- figures can count the amount once.
ALTER TABLE figures ADD COLUMN same_as TEXT
    REFERENCES figures (id) DEFERRABLE INITIALLY DEFERRED
    CHECK (same_as IS NULL OR same_as <> id);

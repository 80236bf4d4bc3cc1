-- title: Facts, long
-- description: One row per fact and partner (a fact without partners keeps one row, its partner columns empty): the tidy table facts_long, led by the fact's id (as `apsc show` takes it), with where each fact stands, China's role and its group, the partner and its role, the form of the engagement (unilateral, bilateral, trilateral, multilateral) and the quote.
-- fact: the id as `apsc show` and `apsc cite` take it (the fact table is the
-- type's plural).
SELECT fact_type || 's/' || fact_id AS fact, * FROM facts_long

-- title: Facts, long
-- description: One row per fact and partner (a fact without partners keeps one row, its partner columns empty): the tidy table facts_long, with where each fact stands, China's role and its group, the partner and its role, the form of the engagement (unilateral, bilateral, trilateral, multilateral) and the quote.
SELECT * FROM facts_long

-- The seeded library of emission factors is written here from domain/carbon-factors.ts.
SELECT 1;

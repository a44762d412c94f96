-- Decision 016: a result freezes its own city's inputs; its cohort is the results of its campaign
-- up to its cohort_seq. Each result held the whole cohort so far, in sign-off order, so keeping only
-- its own city's unit loses nothing: the k-th result's cohort is still the units of results 1..k.
UPDATE "result" SET "inputs" = jsonb_build_object(
  'units',
  COALESCE((SELECT jsonb_agg(u) FROM jsonb_array_elements("result"."inputs"->'units') AS u WHERE u->>'code' = "result"."city_org_id"), '[]'::jsonb)
);

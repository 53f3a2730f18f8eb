-- Each searched text of a proposal carries the proposal's stage, so that the team's count of a
-- search (every proposal past the draft: the read rule reads only the stage) is read from this
-- table's key alone, instead of hashing the matches once more to leave the drafts out.
ALTER TABLE "proposal_search_texts" ADD COLUMN "stage" "proposal_stage";--> statement-breakpoint
UPDATE "proposal_search_texts" m SET "stage" = p."stage" FROM "proposals" p WHERE p."id" = m."proposal_id";--> statement-breakpoint
ALTER TABLE "proposal_search_texts" DROP CONSTRAINT "proposal_search_texts_pkey";--> statement-breakpoint
ALTER TABLE "proposal_search_texts" ADD PRIMARY KEY ("text_key","campaign_id","stage","proposal_id");--> statement-breakpoint
-- As in migration search-grams, with the proposal's stage.
CREATE OR REPLACE FUNCTION index_proposal_search(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('devolve.defer_search_index', true), '') = 'on' THEN
    RETURN;
  END IF;
  WITH texts AS (
    SELECT DISTINCT search_text_key(f.body, f.code) AS key, f.body, f.code, p.campaign_id, p.stage, p.id
    FROM unnest(ids) AS x (id)
    JOIN proposals p ON p.id = x.id
    LEFT JOIN power_items i ON i.id = p.power_item_id
    CROSS JOIN LATERAL (VALUES (p.rationale, false), (p.proposed_item_name, false), (i.name, false), (i.basic_code, true)) AS f (body, code)
    WHERE f.body IS NOT NULL
  ), new_texts AS (
    INSERT INTO search_texts (key, body, code)
    SELECT DISTINCT ON (key) key, body, code FROM texts
    ON CONFLICT DO NOTHING
    RETURNING key, body, code
  ), new_grams AS (
    -- A text this statement inserted has no grams yet (a concurrent insert of it waits for ours).
    -- In key order, so the index fills page after page (the seed: 171,000 grams, 3 MB smaller).
    INSERT INTO search_grams (gram, code, text_key)
    SELECT g.gram, t.code, t.key FROM new_texts t CROSS JOIN LATERAL search_grams_of(t.body, t.code) AS g (gram)
    ORDER BY 1, 2, 3
  )
  INSERT INTO proposal_search_texts (text_key, campaign_id, stage, proposal_id)
  SELECT DISTINCT key, campaign_id, stage, id FROM texts;
END
$$;
--> statement-breakpoint
-- A proposal that moves takes its texts' stage with it (per row, only when the stage changed).
CREATE FUNCTION proposals_search_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE proposal_search_texts SET stage = NEW.stage WHERE proposal_id = NEW.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER proposals_search_moved AFTER UPDATE OF stage ON proposals
  FOR EACH ROW WHEN (OLD.stage IS DISTINCT FROM NEW.stage) EXECUTE FUNCTION proposals_search_moved();

CREATE TABLE "proposal_tallies" (
	"campaign_id" integer NOT NULL,
	"stage" "proposal_stage" NOT NULL,
	"status" "proposal_status" NOT NULL,
	"action" "proposal_action" NOT NULL,
	"power_type_code" text NOT NULL,
	"classification_code" text,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_unit_tallies" (
	"campaign_id" integer NOT NULL,
	"submitting_unit_id" integer NOT NULL,
	"stage" "proposal_stage" NOT NULL,
	"n" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "proposal_tallies_campaign_idx" ON "proposal_tallies" ("campaign_id");--> statement-breakpoint
CREATE INDEX "proposal_unit_tallies_campaign_idx" ON "proposal_unit_tallies" ("campaign_id");--> statement-breakpoint
-- The tallies' deltas (db/src/schema/tallies.ts). Inserted and deleted proposals per statement,
-- grouped, so a bulk insert (an import, the demo seed, the province benchmark) adds one row per
-- group: +1 each for an insert, -1 for a delete. Both triggers name their rows `changed`.
CREATE FUNCTION proposals_tally_added_or_removed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  INSERT INTO proposal_tallies (campaign_id, stage, status, action, power_type_code, classification_code, n)
  SELECT campaign_id, stage, status, action, power_type_code, classification_code, sign * count(*) FROM changed GROUP BY 1, 2, 3, 4, 5, 6;
  INSERT INTO proposal_unit_tallies (campaign_id, submitting_unit_id, stage, n)
  SELECT campaign_id, submitting_unit_id, stage, sign * count(*) FROM changed GROUP BY 1, 2, 3;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER proposals_tally_inserted AFTER INSERT ON proposals REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION proposals_tally_added_or_removed();
--> statement-breakpoint
CREATE TRIGGER proposals_tally_deleted AFTER DELETE ON proposals REFERENCING OLD TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION proposals_tally_added_or_removed();
--> statement-breakpoint
-- Per row and only when a tallied column changed: an update of anything else (a rationale, the
-- version) does not call it. (A statement trigger with transition tables cannot name columns.)
CREATE FUNCTION proposals_tally_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO proposal_tallies (campaign_id, stage, status, action, power_type_code, classification_code, n) VALUES
    (OLD.campaign_id, OLD.stage, OLD.status, OLD.action, OLD.power_type_code, OLD.classification_code, -1),
    (NEW.campaign_id, NEW.stage, NEW.status, NEW.action, NEW.power_type_code, NEW.classification_code, 1);
  IF (OLD.campaign_id, OLD.submitting_unit_id, OLD.stage) IS DISTINCT FROM (NEW.campaign_id, NEW.submitting_unit_id, NEW.stage) THEN
    INSERT INTO proposal_unit_tallies (campaign_id, submitting_unit_id, stage, n) VALUES
      (OLD.campaign_id, OLD.submitting_unit_id, OLD.stage, -1),
      (NEW.campaign_id, NEW.submitting_unit_id, NEW.stage, 1);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER proposals_tally_moved
  AFTER UPDATE OF campaign_id, stage, status, action, power_type_code, classification_code, submitting_unit_id ON proposals
  FOR EACH ROW WHEN (
    (OLD.campaign_id, OLD.stage, OLD.status, OLD.action, OLD.power_type_code, OLD.classification_code, OLD.submitting_unit_id)
    IS DISTINCT FROM (NEW.campaign_id, NEW.stage, NEW.status, NEW.action, NEW.power_type_code, NEW.classification_code, NEW.submitting_unit_id)
  ) EXECUTE FUNCTION proposals_tally_moved();
--> statement-breakpoint
-- Folds each group's deltas into one row, or none when they sum to zero. Rows a concurrent
-- transaction inserts meanwhile are not seen and stay; of two concurrent runs the second skips the
-- rows the first deleted (their DELETE re-checks a row it waited for), so every delta counts once.
CREATE FUNCTION compact_proposal_tallies() RETURNS void LANGUAGE sql AS $$
  WITH groups AS (
    SELECT campaign_id, stage, status, action, power_type_code, classification_code
    FROM proposal_tallies GROUP BY 1, 2, 3, 4, 5, 6 HAVING count(*) > 1
  ), folded AS (
    DELETE FROM proposal_tallies t USING groups g
    WHERE (t.campaign_id, t.stage, t.status, t.action, t.power_type_code) = (g.campaign_id, g.stage, g.status, g.action, g.power_type_code)
      AND t.classification_code IS NOT DISTINCT FROM g.classification_code
    RETURNING t.*
  )
  INSERT INTO proposal_tallies (campaign_id, stage, status, action, power_type_code, classification_code, n)
  SELECT campaign_id, stage, status, action, power_type_code, classification_code, sum(n) FROM folded
  GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0;

  WITH groups AS (
    SELECT campaign_id, submitting_unit_id, stage FROM proposal_unit_tallies GROUP BY 1, 2, 3 HAVING count(*) > 1
  ), folded AS (
    DELETE FROM proposal_unit_tallies t USING groups g
    WHERE (t.campaign_id, t.submitting_unit_id, t.stage) = (g.campaign_id, g.submitting_unit_id, g.stage)
    RETURNING t.*
  )
  INSERT INTO proposal_unit_tallies (campaign_id, submitting_unit_id, stage, n)
  SELECT campaign_id, submitting_unit_id, stage, sum(n) FROM folded GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
$$;
--> statement-breakpoint
-- The proposals already there.
INSERT INTO proposal_tallies (campaign_id, stage, status, action, power_type_code, classification_code, n)
SELECT campaign_id, stage, status, action, power_type_code, classification_code, count(*) FROM proposals GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO proposal_unit_tallies (campaign_id, submitting_unit_id, stage, n)
SELECT campaign_id, submitting_unit_id, stage, count(*) FROM proposals GROUP BY 1, 2, 3;

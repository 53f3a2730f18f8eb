CREATE TABLE "proposal_search_texts" (
	"text_key" uuid,
	"campaign_id" integer,
	"proposal_id" integer,
	CONSTRAINT "proposal_search_texts_pkey" PRIMARY KEY("text_key","campaign_id","proposal_id")
);
--> statement-breakpoint
CREATE TABLE "search_grams" (
	"gram" text collate "C",
	"code" boolean,
	"text_key" uuid,
	CONSTRAINT "search_grams_pkey" PRIMARY KEY("gram","code","text_key")
);
--> statement-breakpoint
CREATE TABLE "search_texts" (
	"key" uuid PRIMARY KEY,
	"body" text NOT NULL,
	"code" boolean NOT NULL
);
--> statement-breakpoint
DROP INDEX "proposals_rationale_trgm_idx";--> statement-breakpoint
DROP INDEX "proposals_campaign_stage_idx";--> statement-breakpoint
CREATE INDEX "proposals_campaign_stage_idx" ON "proposals" ("campaign_id","stage","id","status");--> statement-breakpoint
CREATE INDEX "proposal_search_texts_proposal_idx" ON "proposal_search_texts" ("proposal_id");--> statement-breakpoint
-- The key a searched text is stored under: the first 16 bytes of the SHA-256 of its kind and body
-- (a code and a name that read the same are two texts: they match differently).
CREATE FUNCTION search_text_key(body text, code boolean) RETURNS uuid LANGUAGE sql STABLE STRICT PARALLEL SAFE
AS $$ SELECT encode(substring(sha256(convert_to(CASE WHEN code THEN 'code:' ELSE 'text:' END || body, 'UTF8')) FROM 1 FOR 16), 'hex')::uuid $$;
--> statement-breakpoint
-- A text's grams. ILIKE compares lower-cased forms (lower() of the text and of the pattern), so a
-- search s matches a text exactly when lower(s) is a substring of lower(body): the grams are every
-- distinct bigram of lower(body) and its last character alone. A code matches LIKE 's%', case
-- and all: its gram is its first two characters as written.
CREATE FUNCTION search_grams_of(body text, code boolean) RETURNS SETOF text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT left(body, 2) WHERE code AND body <> ''
  UNION
  SELECT c || coalesce(n, '') FROM unnest(string_to_array(lower(body), NULL), (string_to_array(lower(body), NULL))[2:]) AS g (c, n) WHERE NOT code
$$;
--> statement-breakpoint
-- Maps the proposals `ids` to the texts they are found by, registering new texts with their grams.
-- The caller removes a proposal's old rows first. Skipped while the demo seed defers the indexing
-- (devolve.defer_search_index = on): it loads in chunks and indexes everything once at its end.
CREATE FUNCTION index_proposal_search(ids integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('devolve.defer_search_index', true), '') = 'on' THEN
    RETURN;
  END IF;
  WITH texts AS (
    SELECT DISTINCT search_text_key(f.body, f.code) AS key, f.body, f.code, p.campaign_id, p.id
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
  INSERT INTO proposal_search_texts (text_key, campaign_id, proposal_id)
  SELECT DISTINCT key, campaign_id, id FROM texts;
END
$$;
--> statement-breakpoint
CREATE FUNCTION proposals_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM index_proposal_search(array(SELECT id FROM inserted));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER proposals_search_inserted AFTER INSERT ON proposals REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION proposals_search_inserted();
--> statement-breakpoint
-- Per row and only when a searched column changed: most updates of a proposal (its stage, status,
-- version) do not call it at all.
CREATE FUNCTION proposals_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM proposal_search_texts WHERE proposal_id = NEW.id;
  PERFORM index_proposal_search(ARRAY[NEW.id]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER proposals_search_changed AFTER UPDATE OF rationale, proposed_item_name, power_item_id, campaign_id ON proposals
  FOR EACH ROW WHEN (
    OLD.rationale IS DISTINCT FROM NEW.rationale OR OLD.proposed_item_name IS DISTINCT FROM NEW.proposed_item_name
    OR OLD.power_item_id IS DISTINCT FROM NEW.power_item_id OR OLD.campaign_id IS DISTINCT FROM NEW.campaign_id
  ) EXECUTE FUNCTION proposals_search_changed();
--> statement-breakpoint
CREATE FUNCTION proposals_search_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM proposal_search_texts m USING deleted d WHERE m.proposal_id = d.id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER proposals_search_deleted AFTER DELETE ON proposals REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION proposals_search_deleted();
--> statement-breakpoint
-- A renamed or recoded power item: the proposals about it are found by its new name and code.
CREATE FUNCTION power_items_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[] := array(SELECT id FROM proposals WHERE power_item_id = NEW.id);
BEGIN
  DELETE FROM proposal_search_texts WHERE proposal_id = ANY (ids);
  PERFORM index_proposal_search(ids);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER power_items_search_changed AFTER UPDATE OF name, basic_code ON power_items
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.basic_code IS DISTINCT FROM NEW.basic_code)
  EXECUTE FUNCTION power_items_search_changed();
--> statement-breakpoint
-- The proposals already there.
SELECT index_proposal_search(array(SELECT id FROM proposals));

-- Activity rows commit in id order (architecture decision 2: the log is the cursor every client
-- resumes from). Each statement that inserts into activity first takes a transaction-scoped
-- advisory lock, held to commit, so ids are taken and committed one transaction at a time: when
-- id N is visible, every lower id is committed or never will be. A BEFORE ... FOR EACH STATEMENT
-- trigger takes it inside the insert itself, before any id is drawn, at no extra round trip.
-- The key is 'devlog' in ASCII.
CREATE FUNCTION activity_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(110386941292391);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER activity_commit_order BEFORE INSERT ON activity FOR EACH STATEMENT EXECUTE FUNCTION activity_commit_order();

CREATE TABLE "domain_clock" (
	"id" smallint PRIMARY KEY DEFAULT 1,
	"story_at" timestamp with time zone NOT NULL,
	"real_at" timestamp with time zone NOT NULL,
	CONSTRAINT "domain_clock_one_row" CHECK ("id" = 1)
);

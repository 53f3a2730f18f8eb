ALTER TABLE "power_items" ADD COLUMN "name_initials" text;--> statement-breakpoint
CREATE INDEX "power_items_initials_trgm_idx" ON "power_items" USING gin ("name_initials" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "power_items_initials_missing_idx" ON "power_items" ("id") WHERE "name_initials" is null;
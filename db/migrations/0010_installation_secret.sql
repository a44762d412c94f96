CREATE TABLE "installation_secret" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- Request code (the zhiping_app role) never reads the table; it asks for one secret by name, which is made on first use (the first writer wins).
REVOKE ALL ON installation_secret FROM zhiping_app;--> statement-breakpoint
CREATE OR REPLACE FUNCTION zhiping_installation_secret(secret_name text) RETURNS text LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE found text;
BEGIN
  INSERT INTO installation_secret (name, value) VALUES (secret_name, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')) ON CONFLICT (name) DO NOTHING;
  SELECT value INTO found FROM installation_secret WHERE name = secret_name;
  RETURN found;
END
$$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION zhiping_installation_secret(text) TO zhiping_app;

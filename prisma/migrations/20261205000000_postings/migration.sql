-- 任职: a person's roles become dated postings. Each person's one role becomes their first posting, held
-- from the day of this migration (Shanghai): what they held before it was never recorded, so no earlier
-- day is claimed. Then the role columns go, and deactivation (停用) is kept on the person.
CREATE TABLE "Posting" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "groupId" TEXT,
    "unitId" TEXT,
    "validFrom" DATE NOT NULL,
    "validTo" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Posting_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Posting_valid_days" CHECK ("validTo" IS NULL OR "validTo" >= "validFrom")
);
CREATE INDEX "Posting_personId_idx" ON "Posting"("personId");
CREATE INDEX "Posting_unitId_role_idx" ON "Posting"("unitId", "role");
CREATE INDEX "Posting_groupId_role_idx" ON "Posting"("groupId", "role");
CREATE INDEX "Posting_role_idx" ON "Posting"("role");
ALTER TABLE "Posting" ADD CONSTRAINT "Posting_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Posting" ADD CONSTRAINT "Posting_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Posting" ADD CONSTRAINT "Posting_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

INSERT INTO "Posting" ("id", "personId", "role", "groupId", "unitId", "validFrom")
SELECT gen_random_uuid()::text, "id", "role", "groupId", "unitId", (now() AT TIME ZONE 'Asia/Shanghai')::date FROM "Person";

ALTER TABLE "Person" ADD COLUMN "deactivatedAt" TIMESTAMPTZ(3);
ALTER TABLE "Person" DROP CONSTRAINT IF EXISTS "Person_groupId_fkey";
ALTER TABLE "Person" DROP CONSTRAINT IF EXISTS "Person_unitId_fkey";
DROP INDEX IF EXISTS "Person_role_idx";
DROP INDEX IF EXISTS "Person_groupId_idx";
DROP INDEX IF EXISTS "Person_unitId_idx";
ALTER TABLE "Person" DROP COLUMN "role", DROP COLUMN "groupId", DROP COLUMN "unitId";

-- Holiday notices entered by staff, one row a version (issue 9)
CREATE TABLE "HolidayNoticeVersion" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "notice" JSONB NOT NULL,
    "reason" TEXT,
    "warnings" JSONB NOT NULL,
    "enteredById" TEXT NOT NULL,
    "enteredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "announcedAt" TIMESTAMPTZ(3),

    CONSTRAINT "HolidayNoticeVersion_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "HolidayNoticeVersion_year_version_key" ON "HolidayNoticeVersion"("year", "version");

ALTER TABLE "HolidayNoticeVersion" ADD CONSTRAINT "HolidayNoticeVersion_enteredById_fkey" FOREIGN KEY ("enteredById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

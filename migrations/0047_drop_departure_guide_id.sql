-- departures.guide_id (0001) was never written or read: a departure's guides
-- are rows of departure_guides (0027), which can hold several, each with its
-- time range so a guide cannot lead two departures at once. A column that
-- looks like the answer and is always null misleads whoever reads the schema
-- or writes a report against it.
alter table departures drop column guide_id;

-- Run once by the postgres image on an empty volume: the tracker store's own database
-- (the project's tables live in POSTGRES_DB, `kintsugi`).
CREATE DATABASE tracker OWNER kintsugi;

-- V8: where each document is published, so that a fact can be cited with the
-- address a reader follows: the official English publication on the
-- publisher's site.
ALTER TABLE documents ADD COLUMN url TEXT
    CHECK (url IS NULL OR url LIKE 'http://%' OR url LIKE 'https://%');

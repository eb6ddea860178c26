-- Usernames are unique whatever their case: 'Alice' and 'alice' are one user. The app stores
-- them NFKC-normalised (fullwidth letters become ASCII ones) and looks them up by lower(username).
-- SQLite's lower() folds ASCII letters only; PostgreSQL's folds every letter.
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));

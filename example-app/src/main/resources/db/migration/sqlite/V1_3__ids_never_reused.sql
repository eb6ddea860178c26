-- A user's id is never given again, even to the user created right after the newest one was
-- deleted: the id is the key of the user's outbox rows and Kafka messages, whose per-key order and
-- history would otherwise merge a deleted user with a new one. Without AUTOINCREMENT, SQLite takes
-- one more than the highest id present; with it, one more than the highest id ever used (kept in
-- sqlite_sequence). Profiles get the same. A table's INTEGER PRIMARY KEY cannot be altered, so both
-- tables, and favorites that refers to users, are rebuilt here, in the migration's transaction,
-- with foreign keys on: children are copied to tables referring to the new parent before the old
-- tables go, so no row is ever without its parent. Renaming users_new to users rewrites the
-- references of profiles_new and favorites_new. (Ids freed before this migration ran cannot be
-- known: the counter starts from the highest id present now.)
CREATE TABLE users_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    email         TEXT    NOT NULL,
    password_hash TEXT
);
INSERT INTO users_new (id, username, email, password_hash)
    SELECT id, username, email, password_hash FROM users;

CREATE TABLE profiles_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL UNIQUE REFERENCES users_new (id),
    image           TEXT    NOT NULL,
    favorites_count INTEGER NOT NULL DEFAULT 0
);
INSERT INTO profiles_new (id, user_id, image, favorites_count)
    SELECT id, user_id, image, favorites_count FROM profiles;

CREATE TABLE favorites_new (
    user_id   INTEGER NOT NULL REFERENCES users_new (id),
    recipe_id INTEGER NOT NULL REFERENCES recipes (id),
    PRIMARY KEY (user_id, recipe_id)
);
INSERT INTO favorites_new (user_id, recipe_id) SELECT user_id, recipe_id FROM favorites;

DROP TABLE favorites;
DROP TABLE profiles;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
ALTER TABLE profiles_new RENAME TO profiles;
ALTER TABLE favorites_new RENAME TO favorites;
-- The indexes of migrations 1.1 and 1.2 went with the old table.
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
CREATE UNIQUE INDEX users_username_skeleton ON users ((
  replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(lower(username)
  , 'а', 'a')
  , 'е', 'e')
  , 'о', 'o')
  , 'р', 'p')
  , 'с', 'c')
  , 'у', 'y')
  , 'х', 'x')
  , 'ѕ', 's')
  , 'і', 'i')
  , 'ј', 'j')
  , 'ӏ', 'l')
  , 'ԁ', 'd')
  , 'ԛ', 'q')
  , 'ԝ', 'w')
  , 'һ', 'h')
  , 'ο', 'o')
  , 'ν', 'v')
  , 'ρ', 'p')
  , 'ι', 'i')
  , 'κ', 'k')
  , 'α', 'a')
  , 'υ', 'u')
));

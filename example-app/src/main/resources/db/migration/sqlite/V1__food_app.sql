CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL UNIQUE,
    email         TEXT    NOT NULL,
    password_hash TEXT
);

CREATE TABLE profiles (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL UNIQUE REFERENCES users (id),
    image           TEXT    NOT NULL,
    favorites_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE recipes (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    favorites_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE favorites (
    user_id   INTEGER NOT NULL REFERENCES users (id),
    recipe_id INTEGER NOT NULL REFERENCES recipes (id),
    PRIMARY KEY (user_id, recipe_id)
);

-- Usernames are unique by their look, too: a name written in Cyrillic or Greek letters that look
-- like Latin ones ('аdа', Cyrillic а) is refused beside the Latin one ('ada'). The app stores names
-- NFKC-normalised and refuses names that mix these scripts with others; this index folds case and
-- maps the look-alike letters to Latin ones (the skeleton of Unicode's confusables, for them).
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

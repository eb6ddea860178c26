package dev.jsignals.example;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * The checks of a fixture, Django's {@code loaddata} made strict: first every row of the file
 * against the others (each user id, username and profile id once), then, in the loading
 * transaction, each row against the database before it is written (no username of another user, no
 * profile of another user, no second profile for a user). A row at fault is refused naming its
 * line, and nothing is loaded. Not thread-safe: one per load.
 */
final class FixtureCheck {
  private final String shown;
  private final Map<Long, Integer> userIds = new HashMap<>();
  private final Map<String, Integer> usernames = new HashMap<>();
  private final Map<Long, Integer> profileIds = new HashMap<>();

  FixtureCheck(String shown) {
    this.shown = shown;
  }

  /**
   * Remembers a row of the file, refusing one whose user id, username or profile id came before.
   */
  void add(User user, @Nullable Profile profile, int line) {
    once(userIds, user.getId(), line, "id " + user.getId());
    once(
        usernames,
        user.getUsername().toLowerCase(Locale.ROOT),
        line,
        "username '" + Validation.echo(user.getUsername()) + "' (whatever its case)");
    if (profile != null) {
      once(profileIds, profile.id(), line, "profile_id " + profile.id());
    }
  }

  private <K> void once(Map<K, Integer> seen, K key, int line, String what) {
    Integer first = seen.putIfAbsent(key, line);
    if (first != null) {
      throw refused(line, what + " is on line " + first + " already");
    }
  }

  /** Refuses a file without rows. */
  void requireRows() {
    if (userIds.isEmpty()) {
      throw new Refusal(shown + " has no rows to load");
    }
  }

  /**
   * Refuses a row the database holds otherwise: its username belongs to another user, its profile
   * to another user, or its user has another profile. Earlier rows of the load are seen written.
   */
  void against(Handle handle, User user, @Nullable Profile profile, int line) {
    long id = user.getId();
    Optional<User> named = handle.attach(UserDao.class).find(user.getUsername());
    if (named.isPresent() && named.get().getId() != id) {
      throw refused(
          line,
          "username '"
              + Validation.echo(user.getUsername())
              + "' belongs to user "
              + named.get().getId()
              + " in the database, not to user "
              + id);
    }
    if (profile == null) {
      return;
    }
    Optional<Long> owner =
        handle
            .createQuery("SELECT user_id FROM profiles WHERE id = :id")
            .bind("id", profile.id())
            .mapTo(Long.class)
            .findOne();
    if (owner.isPresent() && owner.get() != id) {
      throw refused(
          line,
          "profile "
              + profile.id()
              + " belongs to user "
              + owner.get()
              + " in the database, not to user "
              + id);
    }
    Optional<Profile> own = handle.attach(ProfileDao.class).forUser(id);
    if (own.isPresent() && own.get().id() != profile.id()) {
      throw refused(
          line,
          "user "
              + id
              + " has profile "
              + own.get().id()
              + " in the database, not profile "
              + profile.id());
    }
  }

  private Refusal refused(int line, String why) {
    return new Refusal(shown + " line " + line + ": " + why + "; nothing was loaded");
  }
}

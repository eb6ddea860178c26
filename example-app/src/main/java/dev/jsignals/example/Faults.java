package dev.jsignals.example;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns the database faults a user can act on into one line, and keeps passwords out of every line
 * the program prints. Not thread-safe: one instance per run.
 */
final class Faults {
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password\\s*[=:]\\s*)[^&;,\\s'\")]*?(?=[&;,\\s'\")]|:\\s|:?$)");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]*@");

  /** What SQLite says of a table or column that is not there. */
  private static final Pattern SQLITE_MISSING =
      Pattern.compile("no such (table|column): [^)\\s]+|table \\S+ has no column named [^)\\s]+");

  /** Oracle's {@code jdbc:oracle:thin:USER/PASSWORD@HOST}, and the like of other drivers. */
  private static final Pattern SLASHED_USER =
      Pattern.compile("(?i)(jdbc:[a-z0-9]+:(?:[a-z0-9]+:)*[^/:@\\s]+/)[^@\\s]*@");

  private final List<String> secrets = new ArrayList<>();

  /** Remembers a password to blank wherever it appears, whatever the surrounding text. */
  void secret(@Nullable String password) {
    if (password != null && !password.isEmpty()) {
      secrets.add(password);
      secrets.add(java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /** The text with every password blanked: known ones, {@code password=...} and {@code u:p@}. */
  String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, "***");
    }
    return hidePasswords(result);
  }

  /** The text with {@code password=...} values and {@code user:password@} blanked. */
  static String hidePasswords(String text) {
    String result = PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
    result = SLASHED_USER.matcher(result).replaceAll("$1***@");
    return USER_INFO.matcher(result).replaceAll("$1***@");
  }

  /** Remembers the passwords a JDBC URL carries, as given and decoded. */
  void secretsOf(String url) {
    var matcher = PASSWORD_PARAMETER.matcher(url);
    while (matcher.find()) {
      String value = matcher.group().substring(matcher.group(1).length());
      secret(value);
      try {
        secret(java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // not URL-encoded: the value as given is already remembered
      }
    }
    var slashed = SLASHED_USER.matcher(url);
    while (slashed.find()) {
      String found = slashed.group();
      secret(found.substring(slashed.group(1).length(), found.length() - 1));
    }
    var info = USER_INFO.matcher(url);
    while (info.find()) {
      String found = info.group();
      secret(found.substring(info.group(1).length(), found.length() - 1));
    }
  }

  /**
   * The message for a database fault the user can act on, found by its SQLite result code or its
   * SQLState anywhere in the cause chain, or null for anything else.
   */
  static @Nullable String message(Throwable e, Duration lockTimeout) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException sqlite) {
        String found = sqlite(sqlite, lockTimeout);
        if (found != null) {
          return found;
        }
      } else if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String found = sqlState(sql, lockTimeout);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static @Nullable String sqlite(SQLiteException e, Duration lockTimeout) {
    int primary = e.getResultCode().code & 0xFF;
    if (primary == SQLiteErrorCode.SQLITE_BUSY.code
        || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
      return "the database is locked by another process (waited "
          + lockTimeout.toSeconds()
          + " s, see --lock-timeout); nothing was written, try again";
    }
    if (primary == SQLiteErrorCode.SQLITE_READONLY.code
        || primary == SQLiteErrorCode.SQLITE_PERM.code) {
      return "the database is read-only (check the permissions of the file and its folder);"
          + " nothing was written";
    }
    if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
      return "the disk is full (or the database reached its size limit); nothing was written";
    }
    if (primary == SQLiteErrorCode.SQLITE_IOERR.code) {
      return "the database file could not be written or read (disk error or file-size limit);"
          + " nothing was written";
    }
    if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code
        || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
      return "the database file is damaged or is not a SQLite database; nothing was written";
    }
    if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
      return "the database file cannot be opened (check the path and its permissions)";
    }
    String text = String.valueOf(e.getMessage());
    if (primary == SQLiteErrorCode.SQLITE_ERROR.code) {
      var missing = SQLITE_MISSING.matcher(text);
      if (missing.find()) {
        return schemaChanged(missing.group());
      }
    }
    return null;
  }

  private static @Nullable String sqlState(SQLException e, Duration lockTimeout) {
    String state = e.getSQLState();
    if (state.equals("55P03")) {
      return "the database is locked: waited "
          + lockTimeout.toSeconds()
          + " s for a lock held by another session (see --lock-timeout); nothing was written,"
          + " try again";
    }
    if (state.equals("57014")) {
      return "the database cancelled a statement that ran past its time limit (statement_timeout);"
          + " nothing was written, try again";
    }
    if (state.equals("40001") || state.equals("40P01")) {
      return "another session changed the same rows at the same time; nothing was written,"
          + " try again";
    }
    if (state.equals("25006")) {
      return "the database is read-only (a standby, or default_transaction_read_only);"
          + " nothing was written: use the primary server";
    }
    if (state.equals("53100")) {
      return "the database server's disk is full; nothing was written: free space on the server";
    }
    if (state.startsWith("53")) {
      return "the database server is out of resources ("
          + firstLine(e.getMessage())
          + "); nothing was written, try again later";
    }
    if (state.startsWith("57P")) {
      return "the database server is shutting down or starting up; nothing was written,"
          + " try again";
    }
    if (state.equals("42501")) {
      return "the database user lacks a permission ("
          + firstLine(e.getMessage())
          + "); nothing was written: ask the database's owner";
    }
    if (state.equals("42P01") || state.equals("42703")) {
      return schemaChanged(firstLine(e.getMessage()));
    }
    if (state.equals("23505")) {
      return "another process wrote the same row first; nothing was written, try again";
    }
    if (state.startsWith("08")) {
      return "cannot connect to the database: " + firstLine(e.getMessage());
    }
    if (state.equals("28P01") || state.equals("28000")) {
      return "the database refused the login: " + firstLine(e.getMessage());
    }
    if (state.equals("3D000")) {
      return "the database does not exist: " + firstLine(e.getMessage());
    }
    return null;
  }

  private static String schemaChanged(String detail) {
    return "the database's tables are not those its migrations made ("
        + Validation.echo(detail)
        + "): it was changed by hand; restore a backup";
  }

  /**
   * The driver's own words for a fault, for {@code --verbose}: the first line of the deepest SQL
   * exception in the cause chain, or of the exception itself when there is none.
   */
  static String driverText(Throwable e) {
    Throwable deepest = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        deepest = t;
      }
    }
    return firstLine(deepest.toString());
  }

  /** Is this a unique-key violation (SQLite or PostgreSQL) anywhere in the cause chain? */
  static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException sqlite
          && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
        return true;
      }
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unknown error";
    }
    String line = message.strip().lines().findFirst().orElse(message);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}

package dev.jsignals.example;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Looks at a SQLite database file before anything opens it for writing: a file the app refuses is
 * read only (never switched to WAL, never migrated), a read-only command never creates one, and a
 * new one is created owner-only. Stateless and thread-safe.
 *
 * <p>The file's content is read through SQLite only, never with a stream of its own: SQLite's locks
 * are POSIX locks, which belong to the process, and closing any other descriptor of the file would
 * drop the locks of every connection the process has open on it.
 */
final class SqliteFile {

  /** What the file holds. */
  enum State {
    /** No tables yet: the migrations must run. */
    EMPTY,
    /** This app's schema, older than this program: the migrations must run. */
    OLDER,
    /** This app's schema, as this program knows it. */
    CURRENT
  }

  private SqliteFile() {}

  /**
   * Inspects the file, or creates it owner-only (0600) when the command writes.
   *
   * @param file the database file
   * @param writes whether the command writes (only those may create a database)
   * @param lockTimeout how long a read waits for a writer that is committing
   * @return what the file holds
   * @throws Refusal if the file is not this app's database, or is missing for a read-only command
   */
  static State prepare(Path file, boolean writes, Duration lockTimeout) {
    String shown = Validation.path(file.toString());
    if (Files.isDirectory(file)) {
      throw new Refusal("database path " + shown + " is a directory, not a SQLite file");
    }
    if (!Files.exists(file)) {
      if (!writes) {
        throw Refusal.usage(
            "there is no database at "
                + shown
                + " (commands that write, such as register or recipe-add, create it)");
      }
      create(file, shown);
      return State.EMPTY;
    }
    if (!Files.isRegularFile(file)) {
      throw new Refusal("database path " + shown + " is not a regular file");
    }
    // A WAL database in use always has its -shm file: when neither sibling is there, no one has
    // the file open, and any sibling that appears while the file is refused is this run's own.
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    Path shm = file.resolveSibling(file.getFileName() + "-shm");
    boolean unused = !Files.exists(wal) && !Files.exists(shm);
    try {
      return inspect(file, shown, lockTimeout);
    } catch (Refusal e) {
      if (unused) {
        try {
          if (!Files.exists(wal) || Files.size(wal) == 0) {
            Files.deleteIfExists(wal);
            Files.deleteIfExists(shm);
          }
        } catch (IOException ignored) {
          // the refusal already names the file
        }
      }
      throw e;
    }
  }

  /**
   * Removes a database file this run created when setting it up failed before anything was written
   * to it (no byte in it nor in its WAL), with its empty siblings.
   */
  static void removeIfUnwritten(Path file) {
    try {
      Path wal = file.resolveSibling(file.getFileName() + "-wal");
      if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          && Files.size(file) == 0
          && (!Files.exists(wal) || Files.size(wal) == 0)) {
        Files.deleteIfExists(wal);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-shm"));
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + "-journal"));
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // left as it is: the error already printed names the file
    }
  }

  private static void create(Path link, String shown) {
    try {
      // A dangling symbolic link: the file is created where it points, owner-only as any other
      // (SQLite would otherwise create it through the link with the umask's mode).
      Path file = link;
      for (int hops = 0; Files.isSymbolicLink(file) && hops < 40; hops++) {
        file = file.resolveSibling(Files.readSymbolicLink(file));
      }
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      // Another process created it first: it is then an empty or a migrated database.
    } catch (IOException e) {
      throw new Refusal(
          "cannot create the database "
              + shown
              + " ("
              + Validation.path(String.valueOf(e.getMessage()))
              + "): check the folder and its permissions");
    }
  }

  private static State inspect(Path file, String shown, Duration lockTimeout) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, lockTimeout.toMillis()));
    SQLiteDataSource readOnly = new SQLiteDataSource(config);
    readOnly.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    List<String> tables = new ArrayList<>();
    try (Connection connection = readOnly.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    + " ORDER BY name")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    } catch (SQLException e) {
      if (e instanceof SQLiteException sqlite
          && sqlite.getResultCode().code == SQLiteErrorCode.SQLITE_NOTADB.code) {
        throw new Refusal("cannot open the database " + shown + ": it is not a SQLite file");
      }
      String fault = Faults.message(e, lockTimeout);
      throw new Refusal(
          "cannot open the database "
              + shown
              + ": "
              + (fault != null ? fault : Validation.path(Faults.firstLine(e.getMessage()))));
    }
    if (tables.isEmpty()) {
      return State.EMPTY;
    }
    if (!tables.contains("flyway_schema_history")) {
      throw new Refusal(
          "cannot open the database "
              + shown
              + ": it holds tables of another program ("
              + Validation.path(String.join(", ", tables))
              + "); it was left as it was");
    }
    return schemaState(readOnly, shown);
  }

  /**
   * The versions of this program's migrations, learnt from Flyway once per JVM (resolving them
   * scans the class path), then compared with the schema history by one query.
   */
  private static volatile @Nullable Set<String> known;

  private static State schemaState(SQLiteDataSource readOnly, String shown) {
    Set<String> versions = known;
    if (versions != null && versions.equals(applied(readOnly))) {
      return State.CURRENT;
    }
    return resolve(readOnly, shown);
  }

  /** The versions the schema history shows applied with success, or null if it cannot tell. */
  private static @Nullable Set<String> applied(SQLiteDataSource readOnly) {
    Set<String> versions = new HashSet<>();
    try (Connection connection = readOnly.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
      while (rows.next()) {
        if (!rows.getBoolean(2)) {
          return null;
        }
        versions.add(rows.getString(1));
      }
    } catch (SQLException e) {
      return null;
    }
    return versions;
  }

  private static State resolve(SQLiteDataSource readOnly, String shown) {
    Flyway flyway =
        Flyway.configure()
            .dataSource(readOnly)
            .locations("classpath:db/migration/sqlite")
            .loggers("slf4j")
            .load();
    MigrationInfo[] all;
    try {
      all = flyway.info().all();
    } catch (FlywayException e) {
      throw new Refusal(
          "cannot open the database "
              + shown
              + ": "
              + Validation.path(Faults.firstLine(e.getMessage())));
    }
    @Nullable String future = null;
    boolean pending = false;
    Set<String> resolved = new HashSet<>();
    for (MigrationInfo migration : all) {
      if (migration.getState().isResolved() && migration.getVersion() != null) {
        resolved.add(migration.getVersion().getVersion());
      }
      MigrationState state = migration.getState();
      if (!state.isResolved() || state == MigrationState.FUTURE_SUCCESS || state.isFailed()) {
        future = migration.getVersion() == null ? "unknown" : migration.getVersion().getVersion();
      } else if (state == MigrationState.PENDING) {
        pending = true;
      }
    }
    if (future != null) {
      throw new Refusal(
          "cannot open the database "
              + shown
              + ": its schema (version "
              + future
              + ") is not the one this program knows; use the foodapp that wrote it");
    }
    known = Set.copyOf(resolved);
    return pending ? State.OLDER : State.CURRENT;
  }
}

package dev.jsignals.spring;

import dev.jsignals.jdbi.Inserts;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.BindBean;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The model of the starter's suites: a note, whose save is audited by a receiver bean. */
public final class Note {
  private long id;
  private String text = "";

  /** For Jdbi and Jackson. */
  public Note() {}

  Note(String text) {
    this.text = text;
  }

  /**
   * Empties the notes and their audit, for a suite that shares one application context.
   *
   * @return a DAO on the emptied tables
   */
  static Dao emptied(Jdbi jdbi) {
    jdbi.useHandle(
        h -> {
          h.execute("DELETE FROM notes");
          h.execute("DELETE FROM audit");
        });
    return jdbi.onDemand(Dao.class);
  }

  public long getId() {
    return id;
  }

  public void setId(long id) {
    this.id = id;
  }

  public String getText() {
    return text;
  }

  public void setText(String text) {
    this.text = text;
  }

  /** Writes notes, sending the model signals, and reads back what the suites check. */
  public interface Dao {
    @SqlUpdate("INSERT INTO notes (text) VALUES (:text)")
    @GetGeneratedKeys("id")
    @Inserts(Note.class)
    long insert(@BindBean Note note);

    @SqlUpdate("INSERT INTO audit (entry) VALUES (:entry)")
    void audit(String entry);

    @SqlQuery("SELECT text FROM notes ORDER BY id")
    java.util.List<String> texts();

    @SqlQuery("SELECT entry FROM audit ORDER BY id")
    java.util.List<String> audit();
  }
}

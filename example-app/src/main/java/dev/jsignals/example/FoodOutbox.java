package dev.jsignals.example;

import dev.jsignals.core.Signals;
import dev.jsignals.outbox.Outbox;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The app's outbox: the welcome e-mail is its durable receiver. Rows are written with every new
 * user; they are sent right after the command's commit when an SMTP server is configured, and
 * otherwise wait for a later run (or {@code foodapp outbox relay}) that has one.
 */
final class FoodOutbox {
  /** The lease of a claim, overridable for tests with {@code -Dfoodapp.outbox.lease=PT2S}. */
  static final String LEASE_PROPERTY = "foodapp.outbox.lease";

  final Outbox outbox;
  private volatile boolean canSend;

  private FoodOutbox(Outbox outbox, boolean canSend) {
    this.outbox = outbox;
    this.canSend = canSend;
  }

  /**
   * Discovers the app's receivers, the welcome mail with its SMTP settings among them: the mail's
   * {@code @Receiver} method is an instance method, so discovery asks for the configured instance.
   */
  static Signals discover(@Nullable String smtp, String mailFrom) {
    WelcomeMail mail = new WelcomeMail(smtp, mailFrom);
    // tag::discover-mail[]
    Signals signals = Signals.discover(Map.of(WelcomeMail.class, mail)::get, loader());
    // end::discover-mail[]
    return signals;
  }

  static FoodOutbox open(Store store, boolean canSend) {
    // tag::durable-welcome[]
    Outbox outbox = Outbox.builder(store.jdbi, store.signals).lease(lease()).build();
    // end::durable-welcome[]
    return new FoodOutbox(outbox, canSend);
  }

  private static ClassLoader loader() {
    return FoodOutbox.class.getClassLoader();
  }

  boolean canSend() {
    return canSend;
  }

  /**
   * Sends nothing more from this run: the SMTP server it was given is gone (the demo's in-process
   * one). Mails still waiting stay pending, untried, for a run with a real server.
   */
  void stopSending() {
    canSend = false;
  }

  /** Sends what is due, in this thread; returns how many were sent. */
  int deliverDue() {
    return canSend ? outbox.deliverDue() : 0;
  }

  private static Duration lease() {
    String value = System.getProperty(LEASE_PROPERTY, "PT60S");
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new Refusal(LEASE_PROPERTY + " must be a duration such as PT60S, not '" + value + "'");
    }
  }
}

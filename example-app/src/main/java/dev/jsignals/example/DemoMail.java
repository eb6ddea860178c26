package dev.jsignals.example;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.jsignals.outbox.OutboxRow;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

/**
 * The demo's mail server: a real SMTP server (GreenMail) in this process, on a free local port,
 * used when no {@code --smtp} is given, so that the demo shows its welcome mail arrive. Not
 * thread-safe; one per demo run.
 */
final class DemoMail implements AutoCloseable {
  private final @Nullable GreenMail server;

  private DemoMail(@Nullable GreenMail server) {
    this.server = server;
  }

  /** Starts the in-process server unless {@code smtp} names one already. */
  static DemoMail startUnless(@Nullable String smtp) {
    if (smtp != null) {
      return new DemoMail(null);
    }
    GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    return new DemoMail(server);
  }

  /** {@code HOST:PORT} of the in-process server, or {@code null} when none was started. */
  @Nullable String address() {
    return server == null ? null : "127.0.0.1:" + server.getSmtp().getPort();
  }

  /**
   * Sends the demo user's welcome mail through the outbox and says what arrived. The in-process
   * server swallows what it receives, so when older mails were already waiting it sends nothing:
   * they wait for a real server, and the demo's own mail is skipped.
   */
  String send(FoodOutbox food, long userId, long pendingBefore, @Nullable String smtp)
      throws MessagingException {
    if (server != null && pendingBefore > 0) {
      for (OutboxRow row : food.outbox.rows(OutboxRow.Status.PENDING)) {
        if (row.receiver().equals(WelcomeMail.UID) && row.key().equals(String.valueOf(userId))) {
          food.outbox.skip(row.id());
        }
      }
      return "Welcome mail: not sent, "
          + pendingBefore
          + " older mail(s) wait for a real server (--smtp HOST:PORT)";
    }
    int delivered = food.deliverDue();
    if (server == null) {
      return "Welcome mail: " + delivered + " sent to " + Validation.echo(String.valueOf(smtp));
    }
    MimeMessage[] received = server.getReceivedMessages();
    if (received.length != 1) {
      return "Welcome mail: " + received.length + " received, expected 1";
    }
    String subject = received[0].getSubject();
    return "Welcome mail received over SMTP: " + subject.substring(0, subject.indexOf(','));
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
  }
}

package dev.jsignals.example;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Receiver;
import dev.jsignals.outbox.Delivery;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The welcome e-mail, a durable receiver: sent over SMTP after the new user is committed, at least
 * once even if the program dies right after the commit. Every attempt of one event carries the same
 * {@code Message-ID}, so a mail client shows a rare duplicate as one message.
 */
final class WelcomeMail {
  /** The receiver's uid, which names its outbox rows. */
  static final String UID = "users.welcome";

  /** The sender address when none is given. */
  static final String DEFAULT_FROM = "Food App <welcome@foodapp.example>";

  private static final String TIMEOUT_MILLIS = "10000";

  private final @Nullable Session session;
  private final InternetAddress from;

  /** A mailer with no SMTP server: what {@code Signals.discover()} makes; its mails wait. */
  WelcomeMail() {
    this(null, DEFAULT_FROM);
  }

  WelcomeMail(@Nullable String smtp, String from) {
    try {
      this.from = new InternetAddress(from, true);
    } catch (MessagingException e) {
      throw new Refusal("--mail-from is not an e-mail address: '" + Validation.echo(from) + "'");
    }
    if (smtp == null) {
      this.session = null;
      return;
    }
    int colon = smtp.lastIndexOf(':');
    if (colon <= 0 || colon == smtp.length() - 1) {
      throw new Refusal(
          "--smtp must be HOST:PORT, such as localhost:25, not '" + Validation.echo(smtp) + "'");
    }
    Properties properties = new Properties();
    properties.put("mail.smtp.host", smtp.substring(0, colon));
    properties.put("mail.smtp.port", smtp.substring(colon + 1));
    properties.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
    properties.put("mail.smtp.timeout", TIMEOUT_MILLIS);
    properties.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
    this.session = Session.getInstance(properties);
  }

  /** Sends the welcome e-mail of a new user; other saves send nothing. */
  // tag::welcome-mail[]
  @Receiver(dispatchUid = "users.welcome", durable = true)
  void send(PostSave<User> event) throws MessagingException {
    if (!event.created() || event.raw()) {
      return;
    }
    User user = event.instance();
    String eventId = event.context().unwrap(Delivery.class).orElseThrow().eventId();
    MimeMessage message = message(eventId); // Message-ID <eventId@foodapp.welcome>
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(user.getEmail()));
    message.setSubject("Welcome to the Food App, " + user.getUsername());
    message.setText("Hello " + user.getUsername() + ",\n\nwelcome to the Food App.\n", "UTF-8");
    Transport.send(message);
  }

  // end::welcome-mail[]

  private MimeMessage message(String eventId) throws MessagingException {
    if (session == null) {
      throw new IllegalStateException("no SMTP server configured (--smtp HOST:PORT)");
    }
    MimeMessage message =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", "<" + eventId + "@foodapp.welcome>");
          }
        };
    message.setFrom(from);
    return message;
  }
}

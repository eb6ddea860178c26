package dev.jsignals.bootfood;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Receiver;
import org.springframework.stereotype.Component;

/**
 * The welcome mail: a durable receiver. The event becomes an outbox row in the registration's
 * transaction; the outbox's relay calls this method after the commit, at least once.
 */
@Component
public class WelcomeMail {
  private final Mailer mailer;

  WelcomeMail(Mailer mailer) {
    this.mailer = mailer;
  }

  @Receiver(durable = true, dispatchUid = "users.welcome")
  void send(PostSave<User> event) {
    if (event.created()) {
      User user = event.instance();
      mailer.send(user.getEmail(), "Welcome to the Food App, " + user.getUsername() + "!");
    }
  }
}

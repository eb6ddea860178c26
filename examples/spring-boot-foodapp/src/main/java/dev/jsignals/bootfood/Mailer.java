package dev.jsignals.bootfood;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sends mail; here it logs each one and keeps it, where a real application would use SMTP.
 * Thread-safe.
 */
@Component
public class Mailer {
  private static final Logger log = LoggerFactory.getLogger(Mailer.class);
  private final List<String> sent = new CopyOnWriteArrayList<>();

  /**
   * Sends one mail.
   *
   * @param to the address
   * @param subject the subject
   */
  public void send(String to, String subject) {
    log.info("mail to {}: {}", to, subject);
    sent.add(to + ": " + subject);
  }

  /** {@return the mails sent so far} */
  public List<String> sent() {
    return List.copyOf(sent);
  }
}

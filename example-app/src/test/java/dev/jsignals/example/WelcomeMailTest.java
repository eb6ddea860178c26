package dev.jsignals.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.jsignals.example.FoodDatabase.Result;
import dev.jsignals.testsupport.Await;
import dev.jsignals.testsupport.ChildJvm;
import dev.jsignals.testsupport.Databases;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The welcome e-mail is a durable receiver sending real mail to an in-process SMTP server
 * (GreenMail): one per new user in a normal run; while the server is down it waits; after the
 * program is killed mid-send it is still sent, once.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {Databases.SQLITE, Databases.POSTGRESQL})
class WelcomeMailTest {
  @Parameter String database;
  @TempDir Path dir;
  private FoodDatabase db;
  private final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

  @BeforeEach
  void createDatabase() {
    db = FoodDatabase.create(database, dir);
  }

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  private Result run(String... args) {
    return db.run(args);
  }

  private String smtpAt() {
    return "127.0.0.1:" + smtp.getSmtp().getPort();
  }

  @Test
  void eachNewUserGetsExactlyOneWelcomeMail() throws Exception {
    smtp.start();
    assertThat(run("--smtp", smtpAt(), "register", "ada", "ada@example.com").code()).isZero();
    assertThat(run("--smtp", smtpAt(), "register", "bob", "bob@example.com").code()).isZero();
    assertThat(run("--smtp", smtpAt(), "set-email", "ada", "ada@food.example").code()).isZero();

    MimeMessage[] mails = smtp.getReceivedMessages();
    assertThat(mails).hasSize(2);
    assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("ada@example.com");
    assertThat(mails[0].getSubject()).isEqualTo("Welcome to the Food App, ada");
    assertThat(mails[1].getSubject()).isEqualTo("Welcome to the Food App, bob");
    assertThat(run("outbox", "status").out()).contains("pending   0").contains("dead      0");
  }

  @Test
  void aMailWaitsWhileTheServerIsDownAndIsSentOnceItIsBack() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    smtp.start();
    String down = "127.0.0.1:" + port;
    PrintStream original = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Result register;
    Result[] relay = new Result[1];
    try {
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      register = run("--smtp", down, "register", "ada", "ada@example.com");
      // Once the row is due again, a relay run tries it, finds the server down, and says so.
      assertThat(
              Await.until(
                  () -> {
                    relay[0] = run("--smtp", down, "outbox", "relay", "--once");
                    return relay[0].code() != 0;
                  },
                  Duration.ofSeconds(60)))
          .isTrue();
    } finally {
      System.setErr(original);
    }
    assertThat(register.code()).isZero();
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("Outbox target users.welcome is unreachable")
        .contains("ConnectException")
        .doesNotContain("failed attempt")
        .doesNotContain("\tat ");
    assertThat(relay[0].code()).isEqualTo(2);
    assertThat(relay[0].out())
        .contains("0 e-mail(s) sent, 0 failed, 0 dead, 1 deferred (server unreachable)");
    assertThat(run("outbox", "status").out()).contains("pending   1").contains("dead      0");

    assertThat(Await.until(() -> sentOnce(), Duration.ofSeconds(60)))
        .as("sent after its backoff")
        .isTrue();
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(run("outbox", "status").out()).contains("pending   0");
  }

  @Test
  void aProgramKilledWhileSendingStillGetsItsMailSentOnce() throws Exception {
    smtp.start();
    try (ServerSocket blackHole = new ServerSocket(0)) {
      List<String> command = ChildJvm.java("-D" + FoodOutbox.LEASE_PROPERTY + "=PT2S");
      command.add(FoodApp.class.getName());
      command.addAll(db.location());
      command.addAll(
          List.of(
              "--smtp", "127.0.0.1:" + blackHole.getLocalPort(), "register", "ada", "a@b.example"));
      Process child =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("child.log").toFile())
              .start();
      blackHole.setSoTimeout(120_000);
      try (Socket sending = blackHole.accept()) {
        // The child committed the user and is now sending its mail: kill it mid-send.
        child.destroyForcibly();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
    }
    long users =
        db.jdbi().withHandle(h -> h.select("SELECT count(*) FROM users").mapTo(Long.class).one());
    assertThat(users).as("the user committed before the mail").isOne();
    assertThat(smtp.getReceivedMessages()).isEmpty();

    assertThat(Await.until(() -> sentOnce(), Duration.ofSeconds(60)))
        .as("sent once the dead claim's lease ended")
        .isTrue();
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  /** Runs the relay once, as an operator would, until one mail has arrived. */
  private boolean sentOnce() {
    run("--smtp", smtpAt(), "outbox", "relay", "--once");
    return smtp.getReceivedMessages().length >= 1;
  }
}

package dev.jsignals.bootfood;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Food App over real HTTP on a random port, on a SQLite file (and on PostgreSQL by the
 * subclass): a registration gives a profile and, after the commit, a welcome mail through the
 * outbox; a refused one leaves nothing; the Actuator shows the receivers, the outbox's health, its
 * meters and the timers of sends and receiver calls.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "foodapp.db=target/foodapp-test.db")
class FoodApplicationTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  @LocalServerPort int port;
  @Autowired Mailer mailer;
  @Autowired Jdbi jdbi;

  @Test
  void aRegistrationGivesAProfileAtOnceAndAWelcomeMailAfterTheCommit() throws Exception {
    String name = unique("ada");

    HttpResponse<String> created = post("/users", registration(name, name + "@example.com"));

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body())
        .contains("\"username\":\"" + name + "\"")
        .contains("\"profileImage\":\"profile_images/default.jpg\"");
    String mail = name + "@example.com: Welcome to the Food App, " + name + "!";
    Await.until("the welcome mail", () -> mailer.sent().contains(mail));
  }

  @Test
  void aRefusedRegistrationLeavesNoUserNoProfileAndNoMail() throws Exception {
    Await.until(
        "the other tests' rows delivered",
        () -> get("/actuator/signals").body().contains("\"pending\":0"));
    int before = jdbi.withExtension(User.Dao.class, User.Dao::count);
    String name = unique("bob");

    HttpResponse<String> refused = post("/users", registration(name, "not-an-address"));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("'not-an-address' is not an e-mail address");
    assertThat(jdbi.withExtension(User.Dao.class, User.Dao::count)).isEqualTo(before);
    assertThat(get("/actuator/signals").body()).contains("\"pending\":0");
    assertThat(mailer.sent()).noneMatch(m -> m.contains(name));
  }

  @Test
  void theActuatorListsTheReceiversTheOutboxHealthAndItsMeters() throws Exception {
    post("/users", registration(unique("cy"), unique("cy") + "@example.com"));

    HttpResponse<String> signals = get("/actuator/signals");
    assertThat(signals.statusCode()).isEqualTo(200);
    assertThat(signals.body())
        .contains("dev.jsignals.bootfood.FoodReceivers#createProfile")
        .contains("users.welcome")
        .contains("\"outbox\":{\"started\":true");

    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.body())
        .containsPattern(
            "\"jsignalsOutbox\":\\{\"details\":\\{\"pending\":\\d+,[^}]*},\"status\":\"UP\"}");

    HttpResponse<String> pending = get("/actuator/metrics/jsignals.outbox.pending");
    assertThat(pending.statusCode()).isEqualTo(200);
    assertThat(pending.body()).contains("\"name\":\"jsignals.outbox.pending\"");
    Await.until(
        "a delivery counted by the meters",
        () -> !get("/actuator/metrics/jsignals.outbox.delivered").body().contains("\"value\":0.0"));

    HttpResponse<String> receiver =
        get(
            "/actuator/metrics/jsignals.receiver"
                + "?tag=receiver:dev.jsignals.bootfood.FoodReceivers%23createProfile"
                + "&tag=signal:post_save&tag=sender:dev.jsignals.bootfood.User&tag=error:none");
    assertThat(receiver.statusCode()).as(receiver.body()).isEqualTo(200);
    assertThat(receiver.body()).containsPattern("\"statistic\":\"COUNT\",\"value\":[1-9]");
    HttpResponse<String> send = get("/actuator/metrics/jsignals.send?tag=signal:post_save");
    assertThat(send.statusCode()).as(send.body()).isEqualTo(200);
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String registration(String username, String email) {
    return "{\"username\":\"" + username + "\",\"email\":\"" + email + "\"}";
  }

  private HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofMinutes(1))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(1)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}

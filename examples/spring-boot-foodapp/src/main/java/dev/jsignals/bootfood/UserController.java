package dev.jsignals.bootfood;

import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /users} and {@code GET /users/{id}}. */
@RestController
public class UserController {
  private final Users users;
  private final Jdbi jdbi;

  UserController(Users users, Jdbi jdbi) {
    this.users = users;
    this.jdbi = jdbi;
  }

  /**
   * What {@code POST /users} takes.
   *
   * @param username the name
   * @param email the address
   */
  public record Registration(String username, String email) {}

  /**
   * A user and its profile image.
   *
   * @param id the id
   * @param username the name
   * @param email the address
   * @param profileImage the image of the profile that the receiver created
   */
  public record UserView(long id, String username, String email, String profileImage) {}

  @PostMapping("/users")
  ResponseEntity<UserView> register(@RequestBody Registration registration) {
    User user = users.register(registration.username(), registration.email());
    return ResponseEntity.status(HttpStatus.CREATED).body(view(user.getId()));
  }

  @GetMapping("/users/{id}")
  UserView show(@PathVariable long id) {
    return view(id);
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, String>> refused(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }

  private UserView view(long id) {
    return jdbi.withHandle(
        h -> {
          User user =
              h.attach(User.Dao.class)
                  .find(id)
                  .orElseThrow(() -> new IllegalArgumentException("no user has id " + id));
          String image = h.attach(Profile.Dao.class).image(id).orElse("");
          return new UserView(id, user.getUsername(), user.getEmail(), image);
        });
  }
}

package dev.jsignals.dispatch;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a receiver is connected: the sender it listens to, its dispatch uid and its readable name.
 * Immutable; start from {@link #anySender()} or {@link #sender(Object)}.
 *
 * <pre>{@code
 * signal.connect(ConnectOptions.sender(User.class).dispatchUid("users.audit"), e -> audit(e));
 * }</pre>
 *
 * @param sender the sender to listen to (matched by identity), or {@code null} for any sender
 * @param dispatchUid a uid that identifies the connection instead of the receiver object, or {@code
 *     null}: a second connect with the same uid and sender is a no-op
 * @param name the receiver's name in listings and logs, or {@code null} to derive one
 */
public record ConnectOptions(
    @Nullable Object sender, @Nullable String dispatchUid, @Nullable String name) {

  private static final ConnectOptions ANY = new ConnectOptions(null, null, null);

  /**
   * Validates the options.
   *
   * @param sender see {@link #sender()}
   * @param dispatchUid see {@link #dispatchUid()}
   * @param name see {@link #name()}
   * @throws IllegalArgumentException if {@code dispatchUid} or {@code name} is blank
   */
  public ConnectOptions {
    if (dispatchUid != null && dispatchUid.isBlank()) {
      throw new IllegalArgumentException(
          "dispatchUid must not be blank: pass null for no uid, or a stable name such as"
              + " \"users.create-profile\"");
    }
    if (name != null && name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank: pass null to derive one");
    }
  }

  /**
   * Options for a receiver of every sender.
   *
   * @return the options with nothing set
   */
  public static ConnectOptions anySender() {
    return ANY;
  }

  /**
   * Options for a receiver of one sender.
   *
   * @param sender the sender, matched by identity (usually a {@code Class})
   * @return the options
   * @throws NullPointerException if {@code sender} is null
   */
  public static ConnectOptions sender(Object sender) {
    return new ConnectOptions(Objects.requireNonNull(sender, "sender"), null, null);
  }

  /**
   * Returns a copy with a dispatch uid.
   *
   * @param uid the uid, not blank
   * @return the new options
   * @throws NullPointerException if {@code uid} is null
   * @throws IllegalArgumentException if {@code uid} is blank
   */
  public ConnectOptions dispatchUid(String uid) {
    return new ConnectOptions(sender, Objects.requireNonNull(uid, "dispatchUid"), name);
  }

  /**
   * Returns a copy with a readable receiver name.
   *
   * @param receiverName the name, not blank
   * @return the new options
   * @throws NullPointerException if {@code receiverName} is null
   */
  public ConnectOptions name(String receiverName) {
    return new ConnectOptions(sender, dispatchUid, Objects.requireNonNull(receiverName, "name"));
  }
}

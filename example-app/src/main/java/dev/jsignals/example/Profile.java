package dev.jsignals.example;

/**
 * A user's profile.
 *
 * @param id the id, 0 before the first save
 * @param userId the user's id
 * @param image the picture, {@value #DEFAULT_IMAGE} by default
 * @param favoritesCount how many recipes the user favours, kept by {@code m2m_changed}
 */
public record Profile(long id, long userId, String image, int favoritesCount) {
  /** The picture of a new profile. */
  public static final String DEFAULT_IMAGE = "profile_images/default.jpg";

  /**
   * The default profile of a user.
   *
   * @param userId the user's id
   * @return the profile, not saved yet
   */
  public static Profile defaultFor(long userId) {
    return new Profile(0, userId, DEFAULT_IMAGE, 0);
  }
}

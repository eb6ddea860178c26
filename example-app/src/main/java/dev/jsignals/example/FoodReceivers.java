package dev.jsignals.example;

import dev.jsignals.core.M2MChanged;
import dev.jsignals.core.PostSave;
import dev.jsignals.core.Receiver;

/**
 * Every receiver of the Food App, found at start-up by {@code Signals.discover()}: nothing imports
 * this class, and nothing needs to.
 */
final class FoodReceivers {
  private FoodReceivers() {}

  /** Django's {@code create_profile}: every new user gets a profile, however it was created. */
  // tag::create-profile[]
  @Receiver(dispatchUid = "users.create-profile")
  static void createProfile(PostSave<User> event) {
    if (event.created() && !event.raw()) {
      event.attach(ProfileDao.class).insert(Profile.defaultFor(event.instance().getId()));
    }
  }

  // end::create-profile[]

  /** Django's {@code save_profile} safety net: a saved user without a profile gets one. */
  @Receiver(dispatchUid = "users.ensure-profile")
  static void ensureProfile(PostSave<User> event) {
    if (!event.created() && !event.raw()) {
      ProfileDao profiles = event.attach(ProfileDao.class);
      long userId = event.instance().getId();
      if (profiles.forUser(userId).isEmpty()) {
        profiles.insert(Profile.defaultFor(userId));
      }
    }
  }

  // The welcome e-mail is a durable receiver: see WelcomeMail#send, delivered by FoodOutbox.

  /** Keeps the favourite counts of the profile and of the recipes equal to the join table. */
  @Receiver(sender = Favorite.class, dispatchUid = "favorites.counts")
  static void countFavorites(M2MChanged<User> event) {
    if (event.isPre()) {
      return;
    }
    RecipeDao recipes = event.attach(RecipeDao.class);
    if (event.pkSet() == null) {
      recipes.recountAll();
    } else if (!event.pkSet().isEmpty()) {
      recipes.recount(event.pkSet().stream().map(id -> ((Number) id).longValue()).toList());
    }
    event.attach(ProfileDao.class).recount(event.instance().getId());
  }
}

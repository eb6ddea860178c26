package dev.jsignals.bootfood;

import dev.jsignals.core.PostSave;
import dev.jsignals.core.Receiver;
import org.springframework.stereotype.Component;

/** Every new user gets a profile, in the transaction that saved the user, however it was saved. */
@Component
public class FoodReceivers {

  @Receiver(dispatchUid = "users.create-profile")
  void createProfile(PostSave<User> event) {
    if (event.created() && !event.raw()) {
      event.attach(Profile.Dao.class).insertDefault(event.instance().getId());
    }
  }
}

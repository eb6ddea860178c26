package dev.jsignals.spring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bean the receivers are given by injection: records the after-commit hooks that ran. */
public final class HookLog {
  private final List<String> ran = new CopyOnWriteArrayList<>();

  void add(String entry) {
    ran.add(entry);
  }

  List<String> ran() {
    return List.copyOf(ran);
  }

  void clear() {
    ran.clear();
  }
}

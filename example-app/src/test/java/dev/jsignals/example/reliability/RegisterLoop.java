package dev.jsignals.example.reliability;

import dev.jsignals.example.FoodApp;
import java.io.PrintWriter;

/**
 * A child program for the crash tests: registers users one by one through the Food App's entry
 * point until it is killed, or until the bound is reached.
 */
public final class RegisterLoop {
  private RegisterLoop() {}

  /**
   * Runs the loop.
   *
   * @param args the database path, a name prefix and how many users at most
   */
  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int most = Integer.parseInt(args[2]);
    for (int i = 0; i < most; i++) {
      String name = args[1] + i;
      int code =
          FoodApp.run(
              new String[] {"--db", args[0], "register", name, name + "@example.com"}, out, err);
      if (code != 0) {
        System.exit(code);
      }
    }
  }
}

package dev.jsignals.example;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes, in Django's {@code algorithm$iterations$salt$hash}.
 */
final class Passwords {
  private static final int ITERATIONS = 600_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  static String hash(char[] password) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    try {
      PBEKeySpec spec = new PBEKeySpec(password, salt, ITERATIONS, 256);
      byte[] hash =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      spec.clearPassword();
      Base64.Encoder base64 = Base64.getEncoder();
      return "pbkdf2_sha256$"
          + ITERATIONS
          + "$"
          + base64.encodeToString(salt)
          + "$"
          + base64.encodeToString(hash);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
    }
  }
}

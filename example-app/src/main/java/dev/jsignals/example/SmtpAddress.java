package dev.jsignals.example;

import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Checks {@code --smtp HOST:PORT} (and {@code $FOODAPP_SMTP}, its default) while the command line
 * is parsed: a host name, an IPv4 address or a bracketed IPv6 one, and a port from 1 to 65535. A
 * wrong value is a usage error naming the option, before anything is opened or sent. Stateless and
 * thread-safe.
 */
final class SmtpAddress implements CommandLine.ITypeConverter<String> {
  /** Host names of letters, digits, hyphens and dots (IPv4 addresses among them), or [IPv6]. */
  private static final Pattern HOST =
      Pattern.compile(
          "(?i)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
              + "|\\[[0-9a-f:.]+]");

  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  @Override
  public String convert(String value) {
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? value : value.substring(0, colon);
    String port = colon < 0 ? "" : value.substring(colon + 1);
    if (colon < 0 || host.isEmpty() || port.isEmpty()) {
      throw refused(value, "give HOST:PORT, such as localhost:25");
    }
    if (host.length() > 253 || !HOST.matcher(host).matches()) {
      throw refused(value, "'" + Validation.echo(host) + "' is not a host name or address");
    }
    if (!PORT.matcher(port).matches()
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      throw refused(value, "the port must be a number from 1 to 65535");
    }
    return value;
  }

  private static CommandLine.TypeConversionException refused(String value, String why) {
    String from =
        value.equals(System.getenv("FOODAPP_SMTP")) ? " (the value of $FOODAPP_SMTP)" : "";
    return new CommandLine.TypeConversionException(
        "'" + Validation.echo(value) + "'" + from + ": " + why);
  }
}

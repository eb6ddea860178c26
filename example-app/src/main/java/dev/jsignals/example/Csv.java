package dev.jsignals.example;

import java.util.ArrayList;
import java.util.List;

/** Splits one line of RFC 4180 CSV: commas, double quotes, doubled quotes inside quotes. */
final class Csv {
  private Csv() {}

  static List<String> fields(String line, int number) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new Refusal("line " + number + ": a quoted field is not closed");
    }
    fields.add(field.toString());
    return fields;
  }
}

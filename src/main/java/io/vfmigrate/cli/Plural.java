package io.vfmigrate.cli;

/** A count with its noun, singular for one: "1 warning", "2 warnings", "0 steps". */
final class Plural {
  private Plural() {}

  static String of(long count, String singular) {
    return of(count, singular, singular + "s");
  }

  static String of(long count, String singular, String plural) {
    return count + " " + (count == 1 ? singular : plural);
  }
}

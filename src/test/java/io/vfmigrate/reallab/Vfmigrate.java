package io.vfmigrate.reallab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** The packaged vfmigrate jar, run as a separate process as an operator runs it. */
final class Vfmigrate {
  private final Path home;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private Vfmigrate(Path home, Process process) {
    this.home = home;
    this.process = process;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(output lost: " + e + ")");
              }
            });
    reader.start();
  }

  static Vfmigrate start(Path home, String... args) throws IOException {
    String jar = System.getProperty("vfmigrate.jar", "target/vfmigrate.jar");
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().put("VFMIGRATE_HOME", home.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    return new Vfmigrate(home, p);
  }

  /** Waits until a line matches, at most {@code seconds}; true when one did. */
  boolean awaitLine(Predicate<String> match, long seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (lines.stream().anyMatch(match)) {
        return true;
      }
      if (!process.isAlive() && !reader.isAlive()) {
        return lines.stream().anyMatch(match);
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Sends SIGINT, as Ctrl-C on the terminal does. */
  void interrupt() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
  }

  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("vfmigrate did not finish in " + seconds + " s:\n" + output());
    }
    reader.join(5000);
    return process.exitValue();
  }

  String output() {
    return String.join("\n", lines);
  }

  String lastLine() {
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  static Run run(Path home, long seconds, String... args) throws IOException, InterruptedException {
    Vfmigrate v = start(home, args);
    int code = v.waitFor(seconds);
    return new Run(code, v.output(), v.lastLine());
  }

  /** The arguments of {@code migrate VM --from FROM --to TO --inventory INVENTORY MORE...}. */
  static String[] migrate(String vm, String from, String to, String inventory, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("migrate", vm, "--from", from, "--to", to, "--inventory", inventory));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  record Run(int exitCode, String output, String lastLine) {}
}

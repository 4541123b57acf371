package io.vfmigrate.lab.tools;

/** What an emulated tool printed and returned. */
public record ToolOutput(int exitCode, String stdout, String stderr) {
  public static ToolOutput ok(String stdout) {
    return new ToolOutput(0, stdout, "");
  }

  public static ToolOutput ok() {
    return new ToolOutput(0, "", "");
  }

  public static ToolOutput error(int exitCode, String stderr) {
    return new ToolOutput(exitCode, "", stderr);
  }

  public static ToolOutput of(int exitCode, String stdout, String stderr) {
    return new ToolOutput(exitCode, stdout, stderr);
  }
}

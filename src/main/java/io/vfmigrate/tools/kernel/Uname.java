package io.vfmigrate.tools.kernel;

import io.vfmigrate.host.Host;
import io.vfmigrate.tools.ToolOutputException;
import io.vfmigrate.tools.ToolRunner;

/** {@code uname}: which kernel a host runs. */
public final class Uname {
  private final ToolRunner runner;

  public Uname(Host host) {
    this.runner = new ToolRunner(host, "coreutils");
  }

  /** {@code uname -r}, e.g. {@code 5.14.0-427.13.1.el9_4.x86_64}. */
  public String release() {
    var result = runner.run("uname", "-r");
    String release = result.stdout().strip();
    if (release.isEmpty() || release.contains("\n") || release.contains(" ")) {
      throw new ToolOutputException("uname -r", "expected one kernel release", result);
    }
    return release;
  }
}

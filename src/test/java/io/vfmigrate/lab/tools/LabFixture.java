package io.vfmigrate.lab.tools;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabHost;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.NicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A fresh default lab and the fixture files of the emulator tests. */
public final class LabFixture {
  public final Lab lab = new Lab(LabStore.defaultSpec());

  public LabHost src() {
    return lab.host("src");
  }

  public HostSpec srcSpec() {
    return lab.hostSpec("src");
  }

  public NicSpec nic() {
    return srcSpec().nics.get(0);
  }

  public CommandResult run(String... argv) {
    return src().run(Command.of(argv));
  }

  /** Creates {@code n} VFs through sysfs, as the procedure does. */
  public void createVfs(int n) {
    src().writeFile("/sys/bus/pci/devices/0000:e1:00.0/sriov_numvfs", n + "\n");
  }

  public static String fixture(String name) {
    String path = "/fixtures/lab/" + name;
    try (InputStream in = LabFixture.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

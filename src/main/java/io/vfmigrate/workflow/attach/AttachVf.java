package io.vfmigrate.workflow.attach;

import io.vfmigrate.host.Host;
import io.vfmigrate.host.ShellQuoting;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.steps.Step;
import java.util.List;

/**
 * Attaches the VF to the running VM, live and persistent; undone, it is detached again the same
 * way. The interface XML lies in a temporary file on the host only while virsh reads it.
 */
record AttachVf(String vm, PciAddress vf, MacAddress mac, TempFiles files) implements Step<Host> {
  /** Told of each temporary file, so that a run killed in between leaves it on record. */
  interface TempFiles {
    void created(String path);

    void removed(String path);

    TempFiles NONE =
        new TempFiles() {
          @Override
          public void created(String path) {}

          @Override
          public void removed(String path) {}
        };
  }

  static final String SHOWN_FILE = "mlx_vf.xml";

  String xml() {
    return DomainXml.hostdevInterfaceXml(mac, vf);
  }

  @Override
  public String description() {
    return "attach VF " + vf + " to " + vm + " with MAC " + mac;
  }

  @Override
  public String command() {
    return ShellQuoting.join(
        List.of("virsh", "attach-device", vm, SHOWN_FILE, "--live", "--config"));
  }

  @Override
  public void apply(Host host) {
    String file = host.createTempFile("vfmigrate-vf-", xml());
    files.created(file);
    try {
      new Virsh(host).attachDevice(vm, file);
    } finally {
      host.deleteFile(file);
      files.removed(file);
    }
  }

  @Override
  public void undo(Host host) {
    String file = host.createTempFile("vfmigrate-vf-", xml());
    files.created(file);
    try {
      new Virsh(host).detachDevice(vm, file);
    } finally {
      host.deleteFile(file);
      files.removed(file);
    }
  }
}
